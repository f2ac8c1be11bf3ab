/**
 * The parts of a document a query filter reads (see bson/field-selection.ts), down into array elements:
 * `{sessionHistory: {$elemMatch: {sessionId: 'x'}}}` reads the `sessionId` of each entry, and nothing else of it.
 * Used by the fast paths only (query/fast-paths.ts); the general paths decode every field a filter names whole.
 */
import {
  type FieldSelection,
  type FieldsSelection,
  mergeSelections,
  selectionOfPath,
} from '../bson/field-selection.ts';
import { isPlainObject } from '../bson/matchable.ts';
import { containsNumericTypeQuery } from './exact-types.ts';

type AnyObject = Record<string, unknown>;

const emptySelection: FieldsSelection = new Map();

/** Operators that look only at a value's presence, type or element count: a value decoded without fields will do. */
const shapeOnlyOperators = new Set(['$exists', '$type', '$size']);

/** Logical operators inside `$elemMatch` that keep it a query on the elements' fields. */
const clauseOperators = new Set(['$and', '$or', '$nor']);

/** True when `$elemMatch`'s argument is a query on document elements, not a condition on the elements themselves. */
function isFieldQuery(argument: AnyObject): boolean {
  return Object.keys(argument).every((key) => !key.startsWith('$') || clauseOperators.has(key));
}

/** What a field's condition reads of the value at its path. */
function conditionSelection(condition: unknown): FieldSelection {
  if (!isPlainObject(condition)) return 'all';
  const operators = Object.keys(condition);
  if (operators.length === 0 || !operators.every((key) => key.startsWith('$'))) return 'all'; // document equality
  let selection: FieldSelection = emptySelection;
  for (const operator of operators) {
    const argument = condition[operator];
    if (operator === '$elemMatch' && isPlainObject(argument) && isFieldQuery(argument)) {
      selection = mergeSelections(selection, querySelection(argument) ?? 'all');
    } else if (!shapeOnlyOperators.has(operator)) {
      return 'all';
    }
  }
  return selection;
}

/**
 * What `filter` (matchable, without `$expr`) reads; undefined when it may read anything (`$where`, `$jsonSchema`,
 * `$type` of a specific numeric type, which needs whole stored-backed documents).
 */
export function querySelection(filter: AnyObject): FieldsSelection | undefined {
  let selection: FieldSelection = emptySelection;
  for (const [key, value] of Object.entries(filter)) {
    if (clauseOperators.has(key)) {
      if (!Array.isArray(value)) return undefined;
      for (const clause of value) {
        const inner = isPlainObject(clause) ? querySelection(clause) : undefined;
        if (inner === undefined) return undefined;
        selection = mergeSelections(selection, inner);
      }
    } else if (key === '$comment') {
      continue;
    } else if (key.startsWith('$') || containsNumericTypeQuery(value)) {
      return undefined;
    } else {
      selection = mergeSelections(selection, selectionOfPath(key.split('.'), conditionSelection(value)));
    }
  }
  return selection === 'all' ? undefined : selection;
}

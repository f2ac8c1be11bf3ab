/**
 * Conditions tested against array elements during an update (array filters, $pull). An element is decoded only
 * as far as its condition reads: `{"s.sessionId": "x"}` decodes `sessionId` of each history entry, never the
 * 10 KB of cookies next to it. The general paths decode the fields a condition names whole; the fast paths
 * (query/fast-paths.ts) follow the condition into those fields too (`{"s.cookies.name": "a"}` decodes the names of
 * the cookies, not their values).
 */
import type { FieldsSelection } from '../bson/field-selection.ts';
import { isPlainObject } from '../bson/matchable.ts';
import { promoteDocument } from '../bson/promote.ts';
import { promoteSelected } from '../bson/promote-selected.ts';
import { BsonType } from '../bson/raw-reader.ts';
import { fastPathsEnabled } from '../query/fast-paths.ts';
import { referencedFields } from '../query/matcher.ts';
import { querySelection } from '../query/query-selection.ts';
import { matchableOf, type TreeNode } from './tree.ts';

type AnyObject = Record<string, unknown>;

/** Tests one array element (a tree node). */
export type ElementTest = (element: TreeNode) => boolean;

/** Decodes an element with only `fields` when it is a stored sub-document, else entirely. */
export function elementDecoder(fields: ReadonlySet<string> | undefined): (element: TreeNode) => unknown {
  if (fields === undefined) return matchableOf;
  return (element) =>
    element.kind === 'leaf' && element.type === BsonType.document
      ? promoteDocument(element.bytes, 0, fields)
      : matchableOf(element);
}

/** Decodes an element as far as `selection` reads when it is a stored sub-document, else entirely. */
function selectedElementDecoder(selection: FieldsSelection): (element: TreeNode) => unknown {
  return (element) =>
    element.kind === 'leaf' && element.type === BsonType.document
      ? promoteSelected(element.bytes, 0, selection)
      : matchableOf(element);
}

/** The decoder for elements tested by a query on their fields (a `$pull` condition such as `{sessionId: 'x'}`). */
export function conditionDecoder(condition: AnyObject): (element: TreeNode) => unknown {
  const selection = fastPathsEnabled() ? querySelection(condition) : undefined;
  return selection === undefined ? elementDecoder(referencedFields(condition)) : selectedElementDecoder(selection);
}

/** The decoder for the elements an array filter on `identifier` tests (`{"e.sessionId": 'x'}`: `sessionId`). */
export function arrayFilterDecoder(filter: AnyObject, identifier: string): (element: TreeNode) => unknown {
  const selection = fastPathsEnabled() ? querySelection(filter)?.get(identifier) : undefined;
  return selection === undefined || selection === 'all'
    ? elementDecoder(arrayFilterFields(filter, identifier))
    : selectedElementDecoder(selection);
}

/**
 * The element fields an array filter for `identifier` reads (`{"s.a": 1, "s.b.c": 2}` -> {a, b}); undefined when it
 * needs the whole element (a condition on `s` itself, or $expr).
 */
export function arrayFilterFields(filter: AnyObject, identifier: string): Set<string> | undefined {
  const topLevel = referencedFields(filter);
  if (topLevel === undefined) return undefined;
  const fields = new Set<string>();
  const visit = (condition: AnyObject): boolean => {
    for (const [key, value] of Object.entries(condition)) {
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (!Array.isArray(value) || !value.every((clause) => isPlainObject(clause) && visit(clause))) return false;
      } else if (key === identifier) {
        return false;
      } else if (key.startsWith(`${identifier}.`)) {
        fields.add(key.slice(identifier.length + 1).split('.')[0] as string);
      }
    }
    return true;
  };
  return visit(filter) ? fields : undefined;
}

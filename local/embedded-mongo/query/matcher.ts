/**
 * Compiles a query filter once: a mingo predicate over matchable documents, plus the set of top-level fields the
 * filter reads, so documents are decoded only as far as the filter needs.
 */
import { Query } from 'mingo/query';
import { type FieldsSelection, mergeFieldsSelections } from '../bson/field-selection.ts';
import { toCommandError } from '../errors.ts';
import { containsNumericTypeQuery } from './exact-types.ts';
import { expressionSelection } from './expression-selection.ts';
import { compileExpression, type CompiledExpression } from './expressions.ts';
import { fastPathsEnabled } from './fast-paths.ts';
import { mingoOptions } from './mingo-context.ts';
import { querySelection } from './query-selection.ts';

type AnyObject = Record<string, unknown>;

/** A compiled filter. */
export interface Matcher {
  /** True when the filter is `{}`: every document matches and nothing needs decoding. */
  readonly matchesAll: boolean;
  /** Top-level fields the filter reads; undefined when it needs the whole document ($expr, $where...). */
  readonly fields: ReadonlySet<string> | undefined;
  /**
   * Fast paths only: what the filter reads, down into array elements (query/query-selection.ts); decode with it
   * instead of `fields` when set. Undefined on the general paths, or when the filter may read anything.
   */
  readonly selection?: FieldsSelection;
  test(document: AnyObject): boolean;
}

const wholeDocumentOperators = new Set(['$expr', '$where', '$jsonSchema', '$text']);

/** Top-level fields a filter reads, or undefined if it may read any field. */
export function referencedFields(filter: AnyObject): Set<string> | undefined {
  const fields = new Set<string>();
  const visit = (condition: AnyObject): boolean => {
    for (const [key, value] of Object.entries(condition)) {
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (!Array.isArray(value)) return false;
        for (const clause of value)
          if (clause === null || typeof clause !== 'object' || !visit(clause as AnyObject)) return false;
      } else if (key === '$comment') {
        continue;
      } else if (key.startsWith('$')) {
        if (wholeDocumentOperators.has(key)) return false;
      } else if (containsNumericTypeQuery(value)) {
        return false; // `$type: 'long'`... reads stored types, which only whole decoded documents point back to
      } else {
        fields.add(key.split('.')[0] as string);
      }
    }
    return true;
  };
  return visit(filter) ? fields : undefined;
}

/** MongoDB's truthiness of an aggregation expression's result. */
const truthy = (value: unknown): boolean => value !== false && value !== null && value !== undefined && value !== 0;

/** A mingo predicate whose errors become MongoDB errors. */
function mingoPredicate(filter: AnyObject): (document: AnyObject) => boolean {
  if (Object.keys(filter).length === 0) return () => true;
  const query = new Query(filter, mingoOptions);
  return (document) => {
    try {
      return query.test(document);
    } catch (error) {
      throw toCommandError(error);
    }
  };
}

/** The top-level `$expr` compiled into a closure, or undefined when the expression compiler does not know it. */
function compiledExpr(filter: AnyObject): CompiledExpression | undefined {
  if (!fastPathsEnabled() || !Object.prototype.hasOwnProperty.call(filter, '$expr')) return undefined;
  try {
    return compileExpression(filter['$expr']);
  } catch {
    return undefined; // unknown operator, or an error mingo reports when it evaluates: mingo keeps the last word
  }
}

/**
 * A filter with a top-level `$expr` as three tests in the filter's key order (mingo's order, so the same clause
 * fails first): the clauses before `$expr`, the expression compiled once per statement, and the clauses after.
 * mingo would interpret the expression's tree again for every document.
 */
function withCompiledExpr(filter: AnyObject, expression: CompiledExpression): (document: AnyObject) => boolean {
  const keys = Object.keys(filter);
  const at = keys.indexOf('$expr');
  const before = mingoPredicate(Object.fromEntries(keys.slice(0, at).map((key) => [key, filter[key]])));
  const after = mingoPredicate(Object.fromEntries(keys.slice(at + 1).map((key) => [key, filter[key]])));
  return (document) => before(document) && truthy(expression({ ROOT: document, CURRENT: document })) && after(document);
}

/**
 * What the filter reads, down into array elements. A `$expr` counts only when compiled: mingo's interpreter is
 * not analysed, so a filter it evaluates gets the whole document.
 */
function readSelection(filter: AnyObject, exprCompiled: boolean): FieldsSelection | undefined {
  const { $expr: expression, ...rest } = filter;
  const hasExpr = Object.prototype.hasOwnProperty.call(filter, '$expr');
  if (hasExpr && !exprCompiled) return undefined;
  return mergeFieldsSelections([querySelection(rest), hasExpr ? expressionSelection(expression) : new Map()]);
}

/** Compiles `filter` (matchable values); mingo's errors become MongoDB errors (unknown operator: code 2). */
export function compileFilter(filter: AnyObject): Matcher {
  const matchesAll = Object.keys(filter).length === 0;
  if (matchesAll) return { matchesAll, fields: new Set(), test: () => true };
  try {
    const expression = compiledExpr(filter);
    const test = expression === undefined ? mingoPredicate(filter) : withCompiledExpr(filter, expression);
    const selection = fastPathsEnabled() ? readSelection(filter, expression !== undefined) : undefined;
    return { matchesAll, fields: referencedFields(filter), ...(selection === undefined ? {} : { selection }), test };
  } catch (error) {
    throw toCommandError(error);
  }
}

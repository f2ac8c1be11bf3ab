/**
 * Query operators that replace mingo's: `$elemMatch` with MongoDB's rule for non-document elements, and `$in`/`$nin`
 * over a list of strings answered by a hash set (mingo builds a hash of the whole list for every value it tests:
 * a `$pull` of 390 session ids over 400 entries hashed 156,000 strings).
 */
import { Query } from 'mingo/query';
import * as mingoQueryOperators from 'mingo/operators/query';
import type { Options } from 'mingo/types';
import { resolve } from 'mingo/util';
import { isPlainObject } from '../bson/matchable.ts';
import { fastPathsEnabled } from './fast-paths.ts';
import { collectPathValues } from './field-paths.ts';

type AnyObject = Record<string, unknown>;
type QueryOperator = (selector: string, value: unknown, options: Options) => (document: AnyObject) => boolean;

const mingoOperator = (name: string): QueryOperator =>
  (mingoQueryOperators as unknown as Record<string, QueryOperator>)[name] as QueryOperator;

const logicalKeys = new Set(['$and', '$or', '$nor']);

/**
 * True when `$elemMatch`'s argument is a query on fields (`{a: 1}`, `{$or: [{a: 1}]}`), not on the element itself
 * (`{$gt: 3}`, `{$not: {$type: 'object'}}`).
 */
function queriesFields(criteria: unknown): criteria is AnyObject {
  if (!isPlainObject(criteria)) return false;
  const keys = Object.keys(criteria);
  return keys.length > 0 && keys.some((key) => !key.startsWith('$') || logicalKeys.has(key));
}

/**
 * `$elemMatch` on fields tests only elements that are documents (or arrays, which MongoDB treats as documents
 * with numeric keys): `{cookies: {$elemMatch: {name: {$not: {$type: 'string'}}}}}` does not match a cookie stored
 * as a string, where mingo's version does.
 */
const elemMatchQuery: QueryOperator = (selector, criteria, options) => {
  if (!queriesFields(criteria)) return mingoOperator('$elemMatch')(selector, criteria, options);
  const query = new Query(criteria, options);
  const matchesElement = (element: unknown): boolean =>
    (isPlainObject(element) || Array.isArray(element)) && query.test(element as AnyObject);
  return (document) =>
    collectPathValues(document, selector).some((value) => Array.isArray(value) && value.some(matchesElement));
};

function stringSet(values: unknown): Set<string> | undefined {
  if (!Array.isArray(values) || values.length === 0) return undefined;
  return values.every((value) => typeof value === 'string') ? new Set(values as string[]) : undefined;
}

/**
 * mingo's `$in` on a list of strings, with the list hashed once: a missing or null value matches only a null in
 * the list (there is none), and a value or any element of an array value matches when it is one of the strings.
 */
function stringIn(selector: string, strings: ReadonlySet<string>): (document: AnyObject) => boolean {
  return (document) => {
    const value: unknown = resolve(document, selector, { unwrapArray: true });
    if (typeof value === 'string') return strings.has(value);
    return Array.isArray(value) && value.some((item) => typeof item === 'string' && strings.has(item));
  };
}

const inQuery: QueryOperator = (selector, values, options) => {
  const strings = fastPathsEnabled() ? stringSet(values) : undefined;
  return strings === undefined ? mingoOperator('$in')(selector, values, options) : stringIn(selector, strings);
};

const ninQuery: QueryOperator = (selector, values, options) => {
  const strings = fastPathsEnabled() ? stringSet(values) : undefined;
  if (strings === undefined) return mingoOperator('$nin')(selector, values, options);
  const isIn = stringIn(selector, strings);
  return (document) => !isIn(document);
};

/** Replacements for mingo's query operators of the same names. */
export const queryOperatorOverrides: Readonly<Record<string, QueryOperator>> = {
  $elemMatch: elemMatchQuery,
  $in: inQuery,
  $nin: ninQuery,
};

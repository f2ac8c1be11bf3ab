/**
 * `arrayFilters` of an update: one condition per identifier, tested against each array element as
 * `{<identifier>: element}`, so `{"s.sessionId": "x"}` and `{s: {$gt: 3}}` both work as in MongoDB.
 */
import { isPlainObject, toMatchable } from '../bson/matchable.ts';
import { ErrorCode, fail } from '../errors.ts';
import { fastPathsEnabled } from '../query/fast-paths.ts';
import { compileFilter } from '../query/matcher.ts';
import { type EqualityKey, equalityKeyOf } from './array-filter-index.ts';
import { arrayFilterDecoder, type ElementTest } from './element-matcher.ts';

type AnyObject = Record<string, unknown>;

/** One parsed array filter. */
export interface ArrayFilter {
  readonly test: ElementTest;
  /**
   * Fast paths only: an equality every passing element satisfies, so only the elements an index lists for it need
   * testing (array-filter-index.ts). Undefined on the general paths: every element is tested.
   */
  readonly equalityKey?: EqualityKey;
}

const identifierPattern = /^[a-z][a-zA-Z0-9]*$/;

function topLevelNames(filter: AnyObject): string[] {
  return Object.entries(filter).flatMap(([key, value]) => {
    if (key === '$and' || key === '$or' || key === '$nor') {
      return Array.isArray(value)
        ? value.flatMap((clause) => (isPlainObject(clause) ? topLevelNames(clause) : []))
        : [];
    }
    return key.startsWith('$') ? [] : [key.split('.')[0] as string];
  });
}

function identifierOf(filter: AnyObject): string {
  const names = [...new Set(topLevelNames(filter))];
  if (names.length === 0)
    fail(ErrorCode.FailedToParse, 'Cannot use an expression without a top-level field name in arrayFilters');
  if (names.length > 1) {
    fail(
      ErrorCode.FailedToParse,
      `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${names[0] as string}' and '${names[1] as string}'`,
    );
  }
  const identifier = names[0] as string;
  if (!identifierPattern.test(identifier)) {
    fail(
      ErrorCode.BadValue,
      `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${identifier}'`,
    );
  }
  return identifier;
}

/** Parses the `arrayFilters` option (typed values) into one element test per identifier. */
export function parseArrayFilters(argument: unknown): Map<string, ArrayFilter> {
  const filters = new Map<string, ArrayFilter>();
  if (argument === undefined || argument === null) return filters;
  if (!Array.isArray(argument)) fail(ErrorCode.TypeMismatch, 'arrayFilters must be an array');
  for (const filter of argument) {
    if (!isPlainObject(filter)) fail(ErrorCode.TypeMismatch, 'Each array filter must be an object');
    const identifier = identifierOf(filter);
    if (filters.has(identifier))
      fail(ErrorCode.FailedToParse, `Found multiple array filters with the same top-level field name ${identifier}`);
    const condition = toMatchable(filter) as AnyObject;
    const matcher = compileFilter(condition);
    const decode = arrayFilterDecoder(condition, identifier);
    const test: ElementTest = (element) => matcher.test({ [identifier]: decode(element) });
    const equalityKey = fastPathsEnabled() ? equalityKeyOf(condition, identifier) : undefined;
    filters.set(identifier, equalityKey === undefined ? { test } : { test, equalityKey });
  }
  return filters;
}

/**
 * `hint` checked against the index catalogue, as MongoDB does: a name or key pattern that matches no index fails
 * with BadValue (2). A valid hint changes nothing here (queries scan, narrowed by `_id`), except that hinting a sparse
 * or partial index would limit a real server's results to the documents that index covers: that is refused.
 */
import { EJSON } from 'bson';
import { isPlainObject, isTruthyOption, toMatchable } from '../bson/matchable.ts';
import { ErrorCode, fail } from '../errors.ts';
import type { Collection } from '../storage/collection.ts';
import type { IndexSpec } from '../storage/index-catalog.ts';
import { notSupported } from './option-policy.ts';

function sameKeyPattern(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return EJSON.stringify(toMatchable(a)) === EJSON.stringify(toMatchable(b));
}

/** The index a hint names, `'natural'` for `{$natural: ±1}`, undefined when there is no hint. Throws when unknown. */
export function resolveHint(collection: Collection | undefined, hint: unknown): IndexSpec | 'natural' | undefined {
  if (hint === undefined || hint === null) return undefined;
  if (isPlainObject(hint) && Object.keys(hint).length === 0) return undefined;
  if (isPlainObject(hint) && Object.keys(hint).length === 1 && hint['$natural'] !== undefined) return 'natural';
  if (typeof hint !== 'string' && !isPlainObject(hint))
    fail(ErrorCode.FailedToParse, 'hint must be a string (an index name) or an object (a key pattern)');
  // On a missing collection MongoDB answers with an empty result whatever the hint.
  if (collection === undefined) return undefined;
  const spec = collection.indexes
    .list()
    .find((candidate) => (typeof hint === 'string' ? candidate.name === hint : sameKeyPattern(candidate.key, hint)));
  if (spec === undefined) fail(ErrorCode.BadValue, 'hint provided does not correspond to an existing index');
  if (isTruthyOption(spec.options['sparse']) || spec.options['partialFilterExpression'] !== undefined)
    notSupported(`Hinting the sparse or partial index '${spec.name}'`, 'index scans that skip uncovered documents');
  return spec;
}

/**
 * Finds documents: narrows by `_id` (id-plan.ts), filters with the compiled matcher on the fields it reads, and
 * either streams in `_id` order (no sort, or a sort on `_id` only: skip/limit stop early) or sorts all matches.
 */
import { type FieldsSelection, mergeFieldsSelections, selectionOfPath } from '../bson/field-selection.ts';
import type { Collection, StoredDocument } from '../storage/collection.ts';
import { planIdScan, residualFilter } from './id-plan.ts';
import { compileFilter, type Matcher } from './matcher.ts';
import { documentComparator, idOrderDirection, type SortField, sortFields } from './sort.ts';

type AnyObject = Record<string, unknown>;

export interface FindRequest {
  /** Matchable filter. */
  readonly filter: AnyObject;
  readonly sort?: readonly SortField[];
  readonly skip?: number;
  /** 0 or undefined: no limit. */
  readonly limit?: number;
}

/** Candidate documents in `_id` order; `skip` is applied by position when every candidate matches. */
function* candidates(collection: Collection, filter: AnyObject, reverse: boolean, skip = 0): Generator<StoredDocument> {
  const plan = planIdScan(filter);
  if (plan.kind === 'range') {
    yield* collection.scan(plan.range, reverse, skip);
    return;
  }
  const ordered = reverse ? [...plan.keys].reverse() : plan.keys;
  const keys = ordered.filter((key) => collection.get(key) !== undefined).slice(skip);
  for (const key of keys) {
    const document = collection.get(key);
    if (document !== undefined) yield document;
  }
}

function* skipAndLimit<T>(items: Iterable<T>, skip: number, limit: number): Generator<T> {
  let skipped = 0;
  let taken = 0;
  for (const item of items) {
    if (skipped < skip) {
      skipped++;
      continue;
    }
    yield item;
    taken++;
    if (limit > 0 && taken >= limit) return;
  }
}

/**
 * Decodes a candidate as far as the filter (and the sort) read: down into array elements on the fast paths
 * (`matcher.selection`), top-level fields on the general ones.
 */
function decoderFor(
  collection: Collection,
  matcher: Matcher,
  sortPaths: readonly string[],
): (document: StoredDocument) => AnyObject {
  if (matcher.selection !== undefined) {
    const sortSelections = sortPaths.map((name): FieldsSelection => selectionOfPath([name], 'all'));
    const selection = mergeFieldsSelections([matcher.selection, ...sortSelections]) ?? new Map();
    return (document) => collection.decodedSelection(document, selection);
  }
  const fields = matcher.fields === undefined ? undefined : new Set([...matcher.fields, ...sortPaths]);
  return (document) => collection.decodedFields(document, fields);
}

/** Matching documents in the requested order, lazily when the order is `_id` order. */
export function findDocuments(collection: Collection, request: FindRequest): Iterable<StoredDocument> {
  const matcher = compileFilter(residualFilter(request.filter));
  const sort = request.sort ?? [];
  const direction = idOrderDirection(sort);
  const skip = request.skip ?? 0;
  const limit = request.limit ?? 0;
  if (direction !== undefined) {
    if (matcher.matchesAll)
      return skipAndLimit(candidates(collection, request.filter, direction === -1, skip), 0, limit);
    const source = candidates(collection, request.filter, direction === -1);
    const decode = decoderFor(collection, matcher, []);
    const matching = (function* () {
      for (const document of source) if (matcher.test(decode(document))) yield document;
    })();
    return skipAndLimit(matching, skip, limit);
  }
  const decode = decoderFor(collection, matcher, sortFields(sort));
  const matches: { document: StoredDocument; decoded: AnyObject }[] = [];
  for (const document of candidates(collection, request.filter, false)) {
    const decoded = decode(document);
    if (matcher.matchesAll || matcher.test(decoded)) matches.push({ document, decoded });
  }
  const compare = documentComparator(sort);
  matches.sort((a, b) => compare(a.decoded, b.decoded));
  return skipAndLimit(
    matches.map((match) => match.document),
    skip,
    limit,
  );
}

/** Number of matching documents (no decoding at all for `{}`). */
export function countDocuments(collection: Collection, filter: AnyObject, skip = 0, limit = 0): number {
  if (Object.keys(filter).length === 0) {
    const remaining = Math.max(0, collection.size - skip);
    return limit > 0 ? Math.min(limit, remaining) : remaining;
  }
  let count = 0;
  for (const _document of findDocuments(collection, { filter, skip, limit })) count++;
  return count;
}

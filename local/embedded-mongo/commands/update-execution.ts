/**
 * Runs one update statement against a collection: finds the target documents, computes each new version from the
 * stored bytes, enforces the 16 MiB limit (10334) and unique indexes (11000) before storing, and upserts when
 * nothing matched. Shared by the update and findAndModify commands.
 */
import { formatFields } from '../bson/format.ts';
import { findElement } from '../bson/raw-reader.ts';
import { RawValue } from '../bson/raw-writer.ts';
import { findDocuments } from '../query/find-engine.ts';
import type { SortField } from '../query/sort.ts';
import type { Collection, StoredDocument } from '../storage/collection.ts';
import { readId } from '../storage/collection.ts';
import { assertDocumentSize } from '../storage/prepare-document.ts';
import { applyUpdate } from '../update/apply-update.ts';
import type { ParsedUpdate } from '../update/parse-update.ts';
import { findPositionalIndex } from '../update/positional.ts';
import { parseDocument, serializeDocument } from '../update/tree.ts';
import { ensureGeneratedId, upsertSeed } from '../update/upsert-seed.ts';
import { assertStorableId } from './id-validation.ts';

type AnyObject = Record<string, unknown>;

export interface UpdateStatement {
  /** The query as sent (typed: equality values seed an upsert). */
  readonly typedFilter: AnyObject;
  /** The same query, matchable. */
  readonly filter: AnyObject;
  readonly update: ParsedUpdate;
  readonly multi: boolean;
  readonly upsert: boolean;
  readonly sort?: readonly SortField[];
}

export interface UpdateOutcome {
  readonly matched: number;
  readonly modified: number;
  /** `_id` of an upserted document, as stored. */
  readonly upsertedId?: RawValue;
  /** The (first) matched document before and after the update (findAndModify returns one of them). */
  readonly before?: StoredDocument;
  readonly after?: StoredDocument;
}

/** The `_id` element of a stored document, as raw BSON. */
export function rawIdOf(raw: Buffer): RawValue {
  const element = findElement(raw, '_id');
  if (element === undefined) throw new Error('stored document without _id');
  return new RawValue(element.type, raw.subarray(element.valueStart, element.valueEnd));
}

function updateOne(
  collection: Collection,
  stored: StoredDocument,
  statement: UpdateStatement,
  now: Date,
): StoredDocument | undefined {
  const newRaw = applyUpdate(stored.raw, statement.update, {
    isInsert: false,
    now,
    idText: formatFields([['_id', readId(stored.raw).id]]),
    positionalIndex: (arrayPath) => findPositionalIndex(collection.decoded(stored), statement.filter, arrayPath),
  });
  if (newRaw.equals(stored.raw)) return undefined;
  assertDocumentSize(newRaw, 'Resulting document after update is larger than 16777216');
  return collection.replace(stored, newRaw);
}

function upsert(collection: Collection, statement: UpdateStatement, now: Date): UpdateOutcome {
  const seed = upsertSeed(statement.typedFilter);
  const applied = applyUpdate(seed, statement.update, {
    isInsert: true,
    now,
    idText: '{}',
    positionalIndex: () => undefined,
  });
  const raw = serializeDocument(ensureGeneratedId(parseDocument(applied)));
  assertStorableId(raw);
  assertDocumentSize(raw, 'Resulting document after update is larger than 16777216');
  const stored = collection.insert(raw);
  return { matched: 0, modified: 0, upsertedId: rawIdOf(stored.raw), after: stored };
}

/** Executes one statement; throws CommandError on the first failing document (earlier ones stay updated). */
export function executeUpdate(collection: Collection, statement: UpdateStatement, now = new Date()): UpdateOutcome {
  const targets = [
    ...findDocuments(collection, {
      filter: statement.filter,
      ...(statement.sort ? { sort: statement.sort } : {}),
      limit: statement.multi ? 0 : 1,
    }),
  ];
  if (targets.length === 0) return statement.upsert ? upsert(collection, statement, now) : { matched: 0, modified: 0 };
  let modified = 0;
  let first: { before: StoredDocument; after: StoredDocument } | undefined;
  for (const stored of targets) {
    const updated = updateOne(collection, stored, statement, now);
    if (updated !== undefined) modified++;
    first ??= { before: stored, after: updated ?? stored };
  }
  return { matched: targets.length, modified, ...first };
}

import { BSON, EJSON } from 'bson';
import type { Collection, Document } from 'mongodb';
import { RawBsonDocument } from '#shared/core/raw-bson-document.ts';
import type { EntryDigest } from '#shared/core/session-digest.ts';
import { entryDigestExpression } from './digest-pipeline.ts';
import { toEntryDigest } from './lead-digests.ts';

/**
 * Which stored copies the daily job needs from one lead: those of the entries its planned removals take, so that
 * they can be archived before they are removed. Entries are named the way the removals' guards name them (by
 * session id, or as "without a session id"), never by position: the app may have added or removed entries since
 * the digest was read, and a position would then name a different entry.
 */
export interface StoredEntriesRequest {
  readonly leadId: unknown;
  /** The stored `browserSession`, when a removal takes it. */
  readonly browserSession: boolean;
  /** History entries (documents) whose `sessionId` is one of these. */
  readonly sessionIds: readonly string[];
  /** History entries (documents) whose `sessionId` is missing, not a string, or empty. */
  readonly withoutSessionId: boolean;
}

/**
 * A history entry's stored copy as the BSON bytes the database sent (the archive copies them verbatim), with the
 * digest the database computed of it (the same digest `digestEntry` computes: digest-pipeline.ts).
 */
export interface StoredHistoryEntry {
  readonly digest: EntryDigest;
  readonly copy: RawBsonDocument;
}

/** A lead's stored copies, as stored (BSON values not promoted, so the archive keeps every type). */
export interface StoredLeadEntries {
  readonly browserSession?: unknown;
  readonly sessionHistory: readonly StoredHistoryEntry[];
}

/** A key naming a lead `_id` with its BSON type (an Int32 1 and a string "1" are different leads). */
export function storedEntriesKey(leadId: unknown): string {
  return EJSON.stringify({ id: leadId }, { relaxed: false });
}

/**
 * The request of the lead being read, found with a balanced tree of `_id` comparisons: each lead evaluates
 * log2(leads) comparisons, where a `$switch` over every lead would cost one per lead and make the batch quadratic.
 * `requests` must be in the server's `_id` order (the digest read sorts by `_id`); a lead routed to the wrong
 * leaf fails the leaf's equality test and gets `null`, which fetches nothing (the removal is then not archivable
 * and not applied: never a removal without its archived copy).
 */
function requestOfLead(requests: readonly StoredEntriesRequest[], from: number, to: number): Document {
  if (to - from === 1) {
    const request = requests[from] as StoredEntriesRequest;
    const wanted = {
      browserSession: request.browserSession,
      sessionIds: [...request.sessionIds],
      withoutSessionId: request.withoutSessionId,
    };
    return { $cond: [{ $eq: ['$_id', { $literal: request.leadId }] }, { $literal: wanted }, null] };
  }
  const middle = from + Math.floor((to - from) / 2);
  const pivot = (requests[middle] as StoredEntriesRequest).leadId;
  return {
    $cond: [
      { $lt: ['$_id', { $literal: pivot }] },
      requestOfLead(requests, from, middle),
      requestOfLead(requests, middle, to),
    ],
  };
}

const typeOf = (path: string): Document => ({ $type: path });

/** The entry `$$e` is a document the request names (same rule as the removals' guards: history-conditions.ts). */
const requestedEntry: Document = {
  $and: [
    { $eq: [typeOf('$$e'), 'object'] },
    {
      $or: [
        { $in: ['$$e.sessionId', '$$wanted.sessionIds'] },
        {
          $and: [
            { $eq: ['$$wanted.withoutSessionId', true] },
            { $or: [{ $ne: [typeOf('$$e.sessionId'), 'string'] }, { $eq: ['$$e.sessionId', ''] }] },
          ],
        },
      ],
    },
  ],
};

/** The history entries the request `$$wanted` names, as stored. */
const takenEntries: Document = {
  $cond: [
    { $and: [{ $eq: [typeOf('$$wanted'), 'object'] }, { $isArray: '$sessionHistory' }] },
    { $filter: { input: '$sessionHistory', as: 'e', cond: requestedEntry } },
    [],
  ],
};

/** The aggregation that reads exactly the requested stored copies (exported for the tests of its shape). */
export function storedEntriesPipeline(requests: readonly StoredEntriesRequest[]): Document[] {
  return [
    { $match: { _id: { $in: requests.map((request) => request.leadId) } } },
    {
      $project: {
        stored: {
          $let: {
            vars: { wanted: requestOfLead(requests, 0, requests.length) },
            in: {
              $let: {
                vars: { taken: takenEntries },
                in: {
                  // Wrapped in documents: the result is read with every document kept as bytes (see below),
                  // and these two are then decoded on their own, whatever their type.
                  leadKey: { value: '$_id' },
                  browserSession: {
                    $cond: [{ $eq: ['$$wanted.browserSession', true] }, { value: '$browserSession' }, '$$REMOVE'],
                  },
                  sessionHistory: '$$taken',
                  historyDigests: { $map: { input: '$$taken', as: 'taken', in: entryDigestExpression('$$taken') } },
                },
              },
            },
          },
        },
      },
    },
  ];
}

/** Every type kept as stored; a JavaScript RegExp cannot hold every stored regex option, a BSONRegExp can. */
const exactTypes = { promoteValues: false, promoteBuffers: false, promoteLongs: false, bsonRegExp: true } as const;

/** A document's top-level fields, every document among them (or in an array among them) kept as its bytes. */
function withDocumentsAsBytes(bytes: unknown, what: string): Document {
  if (!(bytes instanceof Uint8Array)) throw new Error(`stored entries: ${what} did not arrive as BSON bytes`);
  return BSON.deserialize(bytes, { raw: true });
}

/** The `value` of a wrapper document `{value}` (missing: undefined), decoded with every type as stored. */
function wrappedValue(bytes: unknown, what: string): unknown {
  if (!(bytes instanceof Uint8Array)) throw new Error(`stored entries: ${what} did not arrive as BSON bytes`);
  return BSON.deserialize(bytes, exactTypes).value;
}

/** A taken entry's bytes and its digest, in the same order (the pipeline maps one array onto the other). */
function storedHistory(leadId: unknown, copies: unknown, digests: unknown): StoredHistoryEntry[] {
  if (!Array.isArray(copies) || !Array.isArray(digests) || copies.length !== digests.length)
    throw new Error(`stored entries of lead ${String(leadId)}: the copies and their digests do not pair up`);
  return copies.map((copy: unknown, index) => {
    if (!(copy instanceof Uint8Array))
      throw new Error(`stored entries of lead ${String(leadId)}: entry ${String(index)} did not arrive as bytes`);
    const digest = BSON.deserialize(digests[index] as Uint8Array, exactTypes);
    return { digest: toEntryDigest(digest), copy: new RawBsonDocument(copy) };
  });
}

/**
 * Reads, in one aggregate command, the stored copies the requests name, and nothing else of the leads. The history
 * entries' copies stay BSON bytes: the daily job only archives them, and decoding then encoding them again cost
 * more than the rest of its work; the database sends each one's digest beside it. Each result arrives as bytes
 * (`raw`) and is read one level at a time with its documents kept as bytes; the driver's `fieldsAsRaw` would also
 * have turned an array named like ours anywhere inside a stored `browserSession` into bytes.
 * @param requests one per lead, in the server's `_id` order (as the digests came).
 * @returns per lead ({@link storedEntriesKey}), what was found; a lead deleted meanwhile is absent.
 */
export async function readStoredEntries(
  leads: Collection<Document>,
  requests: readonly StoredEntriesRequest[],
): Promise<Map<string, StoredLeadEntries>> {
  const found = new Map<string, StoredLeadEntries>();
  if (requests.length === 0) return found;
  const cursor = leads.aggregate<Uint8Array>(storedEntriesPipeline(requests), { raw: true, batchSize: 100_000 });
  for await (const result of cursor) {
    const stored = withDocumentsAsBytes(withDocumentsAsBytes(result, 'a result').stored, 'stored');
    const leadId = wrappedValue(stored.leadKey, 'leadKey');
    const browserSession =
      stored.browserSession === undefined ? undefined : wrappedValue(stored.browserSession, 'browserSession');
    found.set(storedEntriesKey(leadId), {
      ...(browserSession !== undefined ? { browserSession } : {}),
      sessionHistory: storedHistory(leadId, stored.sessionHistory, stored.historyDigests),
    });
  }
  return found;
}

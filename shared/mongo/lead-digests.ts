import type { Collection, Document } from 'mongodb';
import type { BsonTypeName } from '#shared/core/bson-type.ts';
import type { EntryDigest, LeadDigest } from '#shared/core/session-digest.ts';
import { digestProjectionStage, hasSessionFilter } from './digest-pipeline.ts';

/** Numbers come back as BSON wrappers (Int32, Long, Double) because digests are read without promotion. */
function plainNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && 'valueOf' in value) {
    const primitive = (value as { valueOf(): unknown }).valueOf();
    if (typeof primitive === 'number') return primitive;
    if (typeof primitive === 'bigint') return Number(primitive);
  }
  return 0;
}

/** Converts one entry digest computed by the database (digest-pipeline.ts) into the core's EntryDigest. */
export function toEntryDigest(raw: Document): EntryDigest {
  const compressed = raw.compressed as Document | null | undefined;
  return {
    entryType: raw.entryType as BsonTypeName,
    sessionId: raw.sessionId,
    createdAt: raw.createdAt,
    lastAccessedAt: raw.lastAccessedAt,
    isActive: raw.isActive,
    cookiesType: raw.cookiesType as BsonTypeName,
    cookieCount: plainNumber(raw.cookieCount),
    cookiesWithoutNameOrValue: plainNumber(raw.cookiesWithoutNameOrValue),
    localStorageType: raw.localStorageType as BsonTypeName,
    sessionStorageType: raw.sessionStorageType as BsonTypeName,
    encryptedFields: plainNumber(raw.encryptedFields),
    viewportType: raw.viewportType as BsonTypeName,
    compressed: compressed
      ? { originalBytes: plainNumber(compressed.originalBytes), storedBytes: plainNumber(compressed.storedBytes) }
      : null,
    bsonBytes: plainNumber(raw.bsonBytes),
  };
}

/** Converts one aggregation result into the core's LeadDigest. */
export function toLeadDigest(raw: Document): LeadDigest {
  return {
    _id: raw._id,
    leadType: raw.leadType,
    currentSessionId: raw.currentSessionId,
    browserSession:
      raw.browserSession === null || raw.browserSession === undefined ? null : toEntryDigest(raw.browserSession),
    historyType: raw.historyType as BsonTypeName,
    sessionHistory: Array.isArray(raw.sessionHistory)
      ? raw.sessionHistory.map((entry: Document) => toEntryDigest(entry))
      : [],
  };
}

/**
 * Reads a batch's leads as digests in one aggregate command: the `_id` filter, the has-session filter, and the
 * digest projection, so the database sends types, counts and sizes, never a cookie or storage value nor a stored
 * copy (the daily job reads those of the entries it will remove afterwards: stored-entries.ts).
 */
export async function readLeadDigests(leads: Collection<Document>, batchFilter: Document): Promise<LeadDigest[]> {
  const pipeline = [
    { $match: { $and: [batchFilter, hasSessionFilter] } },
    { $sort: { _id: 1 } },
    digestProjectionStage,
  ];
  const raw = await leads
    .aggregate(pipeline, { promoteValues: false, promoteBuffers: false, batchSize: 100_000 })
    .toArray();
  return raw.map(toLeadDigest);
}

/** The session fields the weekly job reads in full (BSON values not promoted, so compression is exact). */
export const sessionFieldsProjection = {
  leadType: 1,
  currentSessionId: 1,
  browserSession: 1,
  sessionHistory: 1,
} as const;

/** Reads a batch's leads with their full session fields, one find command (cursor batches as large as allowed). */
export async function readLeadSessions(leads: Collection<Document>, batchFilter: Document): Promise<Document[]> {
  return leads
    .find(
      { $and: [batchFilter, hasSessionFilter] },
      {
        projection: sessionFieldsProjection,
        sort: { _id: 1 },
        promoteValues: false,
        promoteBuffers: false,
        batchSize: 100_000,
      },
    )
    .toArray();
}

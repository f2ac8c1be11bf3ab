import { EJSON } from 'bson';
import { bsonTypeOf } from '#shared/core/bson-type.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import {
  archiveFormatOf,
  archiveFormats,
  archiveKey,
  archivePrefix,
  type ArchiveFormat,
} from '#shared/storage/keys.ts';
import { decodeArchive, encodeArchive } from './archive-codec.ts';
import { withDecodedCopies } from './spliced-bson.ts';
import type { JobName } from './run-context.ts';

/** What one removal or rewrite took out of a lead, as it was stored. */
export interface ArchivedChange {
  readonly leadId: string;
  /** The lead's `_id` as stored, when it is not an ObjectId (a string, a number...): restore needs its BSON type. */
  readonly leadKey?: unknown;
  readonly reason: string;
  readonly detail: string | null;
  readonly sessionId: string | null;
  /** `browserSession` as stored, when the change removed it. */
  readonly browserSession?: unknown;
  /** `currentSessionId` as it was, when the change cleared it. */
  readonly currentSessionId?: string;
  /**
   * History entries as stored, when the change removed or rewrote them: decoded values, or (daily job) their BSON
   * bytes as a RawBsonDocument, which the archive copies verbatim (spliced-bson.ts).
   */
  readonly historyEntries: readonly unknown[];
}

export interface ArchiveDocument {
  readonly schemaVersion: 1;
  readonly runId: string;
  readonly job: JobName;
  readonly batchIndex: number;
  readonly archivedAt: string;
  readonly changes: readonly ArchivedChange[];
}

/** `leadId` and, for an `_id` that is not an ObjectId, `leadKey`: how an archived change names its lead. */
export function archivedLeadId(id: unknown): Pick<ArchivedChange, 'leadId' | 'leadKey'> {
  return bsonTypeOf(id) === 'objectId' ? { leadId: String(id) } : { leadId: String(id), leadKey: id };
}

/** What identifies an archived change: the lead, the change and the stored entries it concerns. */
function changeKey(change: ArchivedChange): string {
  // Decoding a copy kept as bytes costs, but only a retried batch compares its changes with an earlier attempt's.
  const entryIds = withDecodedCopies(change).historyEntries.map(
    (entry) => (entry as { _id?: unknown } | null)?._id ?? null,
  );
  return EJSON.stringify([change.leadId, change.reason, change.detail, change.sessionId, entryIds], {
    relaxed: false,
  });
}

/** Reads a batch's archive written by an earlier attempt, in whichever format it chose, or null. */
async function earlierAttempt(
  store: ObjectStore,
  runId: string,
  batchIndex: number,
): Promise<{ format: ArchiveFormat; archive: ArchiveDocument } | null> {
  // Both keys at once: one round trip when, as usual, neither exists.
  const bodies = await Promise.all(archiveFormats.map((format) => store.get(archiveKey(runId, batchIndex, format))));
  const index = bodies.findIndex((body) => body !== null);
  const format = archiveFormats[index];
  const body = bodies[index];
  if (format === undefined || body === undefined || body === null) return null;
  return { format, archive: await decodeArchive(body, format) };
}

const contentTypes: Readonly<Record<ArchiveFormat, { contentType: string; contentEncoding?: string }>> = {
  'bson.br': { contentType: 'application/x-bson-sequence', contentEncoding: 'br' },
  'ejson.gz': { contentType: 'application/json', contentEncoding: 'gzip' },
};

/**
 * Writes a batch's archive before the batch is applied (archive-codec.ts: a BSON document sequence, every BSON type
 * kept, compressed on the libuv pool so that the caller can overlap it with a database round trip).
 * A retried batch merges into what an earlier attempt archived: that attempt may have applied its changes before
 * failing, and the retry, which no longer sees them, must not overwrite their stored copies. The merged archive
 * keeps the earlier attempt's format and key, so a batch never has two archives.
 * @returns the number of changes the batch's archive holds.
 */
export async function writeArchive(store: ObjectStore, archive: ArchiveDocument): Promise<number> {
  const earlier = await earlierAttempt(store, archive.runId, archive.batchIndex);
  let changes = archive.changes;
  if (earlier !== null) {
    const previous = earlier.archive.changes;
    const known = new Set(previous.map(changeKey));
    changes = [...previous, ...archive.changes.filter((change) => !known.has(changeKey(change)))];
  }
  const format = earlier?.format ?? 'bson.br';
  const body = await encodeArchive({ ...archive, changes }, format);
  await store.put(archiveKey(archive.runId, archive.batchIndex, format), body, contentTypes[format]);
  return changes.length;
}

/** Reads every archived batch of a run, in either format. */
export async function readArchives(store: ObjectStore, runId: string): Promise<ArchiveDocument[]> {
  const keys = await store.list(archivePrefix(runId));
  const archives: ArchiveDocument[] = [];
  for (const key of keys) {
    const format = archiveFormatOf(key);
    if (format === null) continue;
    const body = await store.get(key);
    if (body === null) continue;
    archives.push(await decodeArchive(body, format));
  }
  return archives;
}

import { EJSON } from 'bson';
import { bsonTypeOf } from '#shared/core/bson-type.ts';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { archiveKey, archivePrefix } from '#shared/storage/keys.ts';
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
  /** History entries as stored, when the change removed or rewrote them. */
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
  const entryIds = change.historyEntries.map((entry) => (entry as { _id?: unknown } | null)?._id ?? null);
  return EJSON.stringify([change.leadId, change.reason, change.detail, change.sessionId, entryIds], {
    relaxed: false,
  });
}

/**
 * Writes a batch's archive before the batch is applied: canonical Extended JSON (every BSON type kept), gzipped.
 * A retried batch merges into what an earlier attempt archived: that attempt may have applied its changes before
 * failing, and the retry, which no longer sees them, must not overwrite their stored copies.
 * @returns the number of changes the batch's archive holds.
 */
export async function writeArchive(store: ObjectStore, archive: ArchiveDocument): Promise<number> {
  const key = archiveKey(archive.runId, archive.batchIndex);
  const earlier = await store.get(key);
  let changes = archive.changes;
  if (earlier !== null) {
    const previous = (EJSON.parse(gunzipSync(earlier).toString('utf8'), { relaxed: false }) as ArchiveDocument).changes;
    const known = new Set(previous.map(changeKey));
    changes = [...previous, ...archive.changes.filter((change) => !known.has(changeKey(change)))];
  }
  const body = gzipSync(Buffer.from(EJSON.stringify({ ...archive, changes }, { relaxed: false })));
  await store.put(key, body, { contentType: 'application/json', contentEncoding: 'gzip' });
  return changes.length;
}

/** Reads every archived batch of a run. */
export async function readArchives(store: ObjectStore, runId: string): Promise<ArchiveDocument[]> {
  const keys = await store.list(archivePrefix(runId));
  const archives: ArchiveDocument[] = [];
  for (const key of keys) {
    const body = await store.get(key);
    if (body === null) continue;
    archives.push(EJSON.parse(gunzipSync(body).toString('utf8'), { relaxed: false }) as ArchiveDocument);
  }
  return archives;
}

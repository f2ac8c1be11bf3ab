import { EJSON } from 'bson';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { archiveKey, archivePrefix } from '#shared/storage/keys.ts';
import type { JobName } from './run-context.ts';

/** What one removal or rewrite took out of a lead, as it was stored. */
export interface ArchivedChange {
  readonly leadId: string;
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

/**
 * Writes a batch's archive before the batch is applied: canonical Extended JSON (every BSON type kept), gzipped.
 * Rewriting the same key on a retry is harmless: it holds what that attempt was about to change.
 */
export async function writeArchive(store: ObjectStore, archive: ArchiveDocument): Promise<string> {
  const key = archiveKey(archive.runId, archive.batchIndex);
  const body = gzipSync(Buffer.from(EJSON.stringify(archive, { relaxed: false })));
  await store.put(key, body, { contentType: 'application/json', contentEncoding: 'gzip' });
  return key;
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

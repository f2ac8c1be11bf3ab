import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { ObjectId } from 'mongodb';
import { updateOneOperation } from '#shared/mongo/bulk-apply.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { readArchives, type ArchivedChange } from './archive.ts';

export interface RestoreResult {
  readonly changesRead: number;
  readonly historyEntriesRestored: number;
  readonly browserSessionsRestored: number;
  readonly currentSessionIdsRestored: number;
  /** Archived items already present in their lead (restoring them again would duplicate them). */
  readonly alreadyPresent: number;
}

function historyEntryOperation(leadId: unknown, change: ArchivedChange, entry: Document): AnyBulkWriteOperation {
  // Weekly rewrites (cookie optimisation, compression after it) are undone by putting the original element back
  // in place; removed entries are pushed back only when no entry with the same identity is present.
  if ((change.reason === 'optimize' || change.reason === 'compress') && entry._id !== undefined) {
    return updateOneOperation(
      { _id: leadId, 'sessionHistory._id': entry._id },
      { $set: { 'sessionHistory.$[entry]': entry } },
      [{ 'entry._id': entry._id }],
    );
  }
  // An entry's own _id identifies it (repeated entries share a session id); without one, its session id.
  const absent =
    entry._id !== undefined
      ? { 'sessionHistory._id': { $ne: entry._id } }
      : typeof entry.sessionId === 'string' && entry.sessionId !== ''
        ? { 'sessionHistory.sessionId': { $ne: entry.sessionId } }
        : { sessionHistory: { $ne: entry } };
  return updateOneOperation({ _id: leadId, ...absent }, { $push: { sessionHistory: entry } });
}

async function modified(leads: Collection<Document>, operations: AnyBulkWriteOperation[]): Promise<number> {
  if (operations.length === 0) return 0;
  const result = await leads.bulkWrite(operations, { ordered: false });
  return result.modifiedCount;
}

/**
 * Puts back what a run removed or rewrote, from its archive: all of it, or one lead's. Idempotent: an item that
 * is present again is not duplicated, so restoring twice changes nothing the second time.
 */
export async function restoreRun(
  deps: { readonly leads: Collection<Document>; readonly store: ObjectStore },
  runId: string,
  options: { readonly leadId?: string } = {},
): Promise<RestoreResult> {
  const archives = await readArchives(deps.store, runId);
  if (archives.length === 0) throw new Error(`no archive found for run ${runId} in ${deps.store.description}`);
  const changes = archives
    .flatMap((archive) => archive.changes)
    .filter((change) => options.leadId === undefined || change.leadId === options.leadId);
  const history: AnyBulkWriteOperation[] = [];
  const browserSessions: AnyBulkWriteOperation[] = [];
  const pointers: AnyBulkWriteOperation[] = [];
  for (const change of changes) {
    // A lead whose `_id` is not an ObjectId is named by its stored `_id` (leadKey), with its BSON type.
    const leadId = change.leadKey !== undefined ? change.leadKey : new ObjectId(change.leadId);
    for (const entry of change.historyEntries) history.push(historyEntryOperation(leadId, change, entry as Document));
    if (change.browserSession !== undefined) {
      const stored = change.browserSession as Document;
      const free =
        typeof stored.sessionId === 'string'
          ? { $or: [{ browserSession: { $exists: false } }, { 'browserSession.sessionId': { $exists: false } }] }
          : { browserSession: { $exists: false } };
      browserSessions.push(updateOneOperation({ _id: leadId, ...free }, { $set: { browserSession: stored } }));
    }
    if (change.currentSessionId !== undefined) {
      pointers.push(
        updateOneOperation(
          { _id: leadId, currentSessionId: { $in: [null] } },
          { $set: { currentSessionId: change.currentSessionId } },
        ),
      );
    }
  }
  const historyEntriesRestored = await modified(deps.leads, history);
  const browserSessionsRestored = await modified(deps.leads, browserSessions);
  const currentSessionIdsRestored = await modified(deps.leads, pointers);
  const attempted = history.length + browserSessions.length + pointers.length;
  return {
    changesRead: changes.length,
    historyEntriesRestored,
    browserSessionsRestored,
    currentSessionIdsRestored,
    alreadyPresent: attempted - historyEntriesRestored - browserSessionsRestored - currentSessionIdsRestored,
  };
}

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
  /**
   * The run's own units: archived changes put back, by the reason the run recorded (daily: `expired`, `orphaned`,
   * `overLimit`, `invalid`; weekly: `compress`, `optimize`, `deduplicate`), split into sessions (what the run counted
   * as "sessions removed" or "sessions compressed") and other items (entries without a session id, phantom
   * `browserSession`s, dangling pointers), so a restore reads against the run's summary line by line.
   */
  readonly restoredByReason: Readonly<Record<string, { readonly sessions: number; readonly otherItems: number }>>;
}

/** Daily removals that take out an entry or pointer rather than a session (the run counts them as entries). */
const notSessionDetails = new Set(['missing-session-id', 'phantom-browser-session', 'dangling-current-session-id']);

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

/** The writes that put one archived change back: its history entries, its `browserSession`, its pointer. */
function operationsOf(
  change: ArchivedChange,
): Record<'history' | 'browserSession' | 'pointer', AnyBulkWriteOperation[]> {
  // A lead whose `_id` is not an ObjectId is named by its stored `_id` (leadKey), with its BSON type.
  const leadId = change.leadKey !== undefined ? change.leadKey : new ObjectId(change.leadId);
  const history = change.historyEntries.map((entry) => historyEntryOperation(leadId, change, entry as Document));
  const browserSession: AnyBulkWriteOperation[] = [];
  if (change.browserSession !== undefined) {
    const stored = change.browserSession as Document;
    const free =
      typeof stored.sessionId === 'string'
        ? { $or: [{ browserSession: { $exists: false } }, { 'browserSession.sessionId': { $exists: false } }] }
        : { browserSession: { $exists: false } };
    browserSession.push(updateOneOperation({ _id: leadId, ...free }, { $set: { browserSession: stored } }));
  }
  const pointer: AnyBulkWriteOperation[] = [];
  if (change.currentSessionId !== undefined) {
    pointer.push(
      updateOneOperation(
        { _id: leadId, currentSessionId: { $in: [null] } },
        { $set: { currentSessionId: change.currentSessionId } },
      ),
    );
  }
  return { history, browserSession, pointer };
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
  let historyEntriesRestored = 0;
  let browserSessionsRestored = 0;
  let currentSessionIdsRestored = 0;
  let attempted = 0;
  const restoredByReason: Record<string, { sessions: number; otherItems: number }> = {};
  // One change at a time, so what was put back is known per change and can be told in the run's own units.
  for (const change of changes) {
    const { history, browserSession, pointer } = operationsOf(change);
    attempted += history.length + browserSession.length + pointer.length;
    const restored = [
      await modified(deps.leads, history),
      await modified(deps.leads, browserSession),
      await modified(deps.leads, pointer),
    ];
    historyEntriesRestored += restored[0] ?? 0;
    browserSessionsRestored += restored[1] ?? 0;
    currentSessionIdsRestored += restored[2] ?? 0;
    if (restored.every((count) => count === 0)) continue;
    const tally = (restoredByReason[change.reason] ??= { sessions: 0, otherItems: 0 });
    if (change.sessionId !== null && !notSessionDetails.has(change.detail ?? '')) tally.sessions += 1;
    else tally.otherItems += 1;
  }
  return {
    changesRead: changes.length,
    historyEntriesRestored,
    browserSessionsRestored,
    currentSessionIdsRestored,
    alreadyPresent: attempted - historyEntriesRestored - browserSessionsRestored - currentSessionIdsRestored,
    restoredByReason,
  };
}

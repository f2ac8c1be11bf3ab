import type { AnyBulkWriteOperation, Document } from 'mongodb';
import { updateOneOperation } from './bulk-apply.ts';
import type {
  BrowserSessionCondition,
  DailyWrite,
  HistoryEntryCondition,
  PlannedRemoval,
} from '#shared/core/daily-plan.ts';
import {
  groupHistoryConditions,
  historyCountExpression,
  historyPullCondition,
  invalidCondition,
  missingSessionIdCondition,
} from './history-conditions.ts';

/**
 * Compiles a lead's planned daily removals into update statements (decisions: "One statement per lead").
 *
 * The usual statement is one per lead and all-or-nothing: its filter restates every guard (the current session is
 * still the one we plan to remove, an over-limit session did not become current) and counts, in `$expr`, that the
 * `$pull` will take exactly the planned history entries. When it modifies the lead, every planned removal happened
 * as planned; when the app changed anything a guard looks at, it modifies nothing, and the lead's removals are
 * retried once per guard shape (`compileFallbackStatements`), each keeping its own guard.
 *
 * Session ids and dates are values in filters, never parts of an update path (storage keys with dots or `$` never
 * reach a path).
 */

type PullWrite = Extract<DailyWrite, { kind: 'pullHistoryEntries' }>;
type LeadLevelWrite = Exclude<DailyWrite, PullWrite>;

function browserSessionGuard(condition: BrowserSessionCondition): Document {
  switch (condition.kind) {
    case 'phantom':
      return { browserSession: { $type: 'object' }, ...missingSessionIdCondition('browserSession.') };
    case 'createdAtBefore':
      return { 'browserSession.sessionId': condition.sessionId, 'browserSession.createdAt': { $lt: condition.cutoff } };
    case 'invalid':
      return {
        'browserSession.sessionId': condition.sessionId,
        ...invalidCondition(condition.invalid, 'browserSession.'),
      };
  }
}

/** The filter clause and the update of a write that is not a history pull. */
function leadLevelWrite(write: LeadLevelWrite): { guard: Document; update: Document } {
  if (write.kind === 'unsetBrowserSession') {
    return { guard: browserSessionGuard(write.condition), update: { $unset: { browserSession: '' } } };
  }
  const dangling = write.onlyIfDangling
    ? { 'browserSession.sessionId': { $ne: write.sessionId }, 'sessionHistory.sessionId': { $ne: write.sessionId } }
    : {};
  return { guard: { currentSessionId: write.sessionId, ...dangling }, update: { $set: { currentSessionId: null } } };
}

/** Over-limit removals require that none of their sessions became the current one meanwhile. */
function notCurrentGuard(sessionIds: readonly string[]): Document | null {
  if (sessionIds.length === 0) return null;
  return { currentSessionId: { $nin: [...sessionIds] }, 'browserSession.sessionId': { $nin: [...sessionIds] } };
}

/** History entries a removal pulls: its stored entries, less the `browserSession` it unsets. */
export function pulledHistoryEntries(removal: PlannedRemoval): number {
  if (!removal.writes.some((write) => write.kind === 'pullHistoryEntries')) return 0;
  const unsetsCurrent = removal.writes.some((write) => write.kind === 'unsetBrowserSession');
  return removal.entries - (unsetsCurrent ? 1 : 0);
}

function mergeUpdates(updates: readonly Document[]): Document {
  const merged: Record<string, Document> = {};
  for (const update of updates)
    for (const [operator, fields] of Object.entries(update)) merged[operator] = { ...merged[operator], ...fields };
  return merged;
}

function pullUpdate(conditions: readonly HistoryEntryCondition[]): Document {
  // Removing elements shifts positions: bump the version key as Mongoose does, so the app's stale positional saves
  // fail and retry instead of updating the wrong session.
  return { $pull: { sessionHistory: historyPullCondition(groupHistoryConditions(conditions)) }, $inc: { __v: 1 } };
}

const andOf = (guards: readonly Document[]): Document => (guards.length === 0 ? {} : { $and: [...guards] });

/** The all-or-nothing statement that applies every removal of one lead. */
export function compileLeadStatement(leadId: unknown, removals: readonly PlannedRemoval[]): AnyBulkWriteOperation {
  const writes = removals.flatMap((removal) => removal.writes);
  const pulls = writes.filter((write): write is PullWrite => write.kind === 'pullHistoryEntries');
  const others = writes.filter((write): write is LeadLevelWrite => write.kind !== 'pullHistoryEntries');
  const compiled = others.map(leadLevelWrite);
  const guards = compiled.map((write) => write.guard);
  const updates = compiled.map((write) => write.update);
  const filter: Document = { _id: leadId };
  if (pulls.length > 0) {
    const overLimit = pulls.flatMap((write) => (write.onlyIfNotCurrent === null ? [] : [write.onlyIfNotCurrent]));
    const notCurrent = notCurrentGuard(overLimit);
    if (notCurrent !== null) guards.push(notCurrent);
    const planned = removals.reduce((sum, removal) => sum + pulledHistoryEntries(removal), 0);
    const groups = groupHistoryConditions(pulls.map((write) => write.condition));
    filter.$expr = historyCountExpression(groups, planned);
    updates.push(pullUpdate(pulls.map((write) => write.condition)));
  }
  return updateOneOperation({ ...filter, ...andOf(guards) }, mergeUpdates(updates));
}

/**
 * Statements for the removals of a lead whose all-or-nothing statement missed, one per guard shape, so one changed
 * session no longer holds back the others: history pulls without a lead-level guard together, over-limit pulls
 * together (minus sessions that are now current, which are left for the next run), and each write on
 * `browserSession` or `currentSessionId` alone. Each pull filter requires an element to pull, so `__v` is bumped
 * only when something is removed.
 */
export function compileFallbackStatements(
  leadId: unknown,
  removals: readonly PlannedRemoval[],
  nowCurrent: ReadonlySet<string>,
): AnyBulkWriteOperation[] {
  const writes = removals.flatMap((removal) => removal.writes);
  const pulls = writes.filter((write): write is PullWrite => write.kind === 'pullHistoryEntries');
  const statements: AnyBulkWriteOperation[] = [];
  const unguarded = pulls.filter((write) => write.onlyIfNotCurrent === null).map((write) => write.condition);
  const overLimit = pulls.flatMap((write) =>
    write.onlyIfNotCurrent === null || nowCurrent.has(write.onlyIfNotCurrent)
      ? []
      : [{ condition: write.condition, sessionId: write.onlyIfNotCurrent }],
  );
  for (const [conditions, notCurrent] of [
    [unguarded, null],
    [overLimit.map((pull) => pull.condition), notCurrentGuard(overLimit.map((pull) => pull.sessionId))],
  ] as const) {
    if (conditions.length === 0) continue;
    const condition = historyPullCondition(groupHistoryConditions(conditions));
    const guard = { sessionHistory: { $elemMatch: condition }, ...(notCurrent ?? {}) };
    statements.push(updateOneOperation({ _id: leadId, ...guard }, pullUpdate(conditions)));
  }
  for (const write of writes) {
    if (write.kind === 'pullHistoryEntries') continue;
    const { guard, update } = leadLevelWrite(write);
    statements.push(updateOneOperation({ _id: leadId, ...guard }, update));
  }
  return statements;
}

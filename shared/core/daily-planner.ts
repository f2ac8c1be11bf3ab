import { cutoffBefore, type MaintenancePolicy } from './config.ts';
import type { DailyWrite, LeadDailyPlan, PlanNote, PlannedRemoval } from './daily-plan.ts';
import type { ClassifiedLead, Session } from './session-model.ts';

export interface DailyContext {
  readonly now: Date;
  readonly policy: Pick<MaintenancePolicy, 'sessionExpiryDays' | 'maxSessionsPerLead'>;
}

const storedIn = (session: Session, kind: 'current' | 'history'): boolean =>
  session.entries.some((entry) => entry.location.kind === kind);

function isExpired(session: Session, cutoff: Date): boolean {
  return session.createdAt !== null && session.createdAt.getTime() < cutoff.getTime();
}

/** Writes that remove a whole session (both its `browserSession` and history entries) for one reason. */
function removeSessionWrites(
  session: Session,
  browserSession: Extract<DailyWrite, { kind: 'unsetBrowserSession' }>['condition'] | null,
  history: Extract<DailyWrite, { kind: 'pullHistoryEntries' }>['condition'],
): DailyWrite[] {
  const writes: DailyWrite[] = [];
  if (browserSession !== null && storedIn(session, 'current')) {
    writes.push({ kind: 'unsetBrowserSession', condition: browserSession });
  }
  if (session.isCurrent)
    writes.push({ kind: 'clearCurrentSessionId', sessionId: session.sessionId, onlyIfDangling: false });
  if (storedIn(session, 'history'))
    writes.push({ kind: 'pullHistoryEntries', condition: history, onlyIfNotCurrent: null });
  return writes;
}

function orphanRemovals(lead: ClassifiedLead): PlannedRemoval[] {
  const removals: PlannedRemoval[] = [];
  if (lead.phantomBrowserSession !== null) {
    removals.push({
      reason: 'orphaned',
      detail: 'phantom-browser-session',
      sessionId: null,
      sessions: 0,
      entries: 1,
      writes: [{ kind: 'unsetBrowserSession', condition: { kind: 'phantom' } }],
    });
  }
  if (lead.entriesWithoutSessionId.length > 0) {
    removals.push({
      reason: 'orphaned',
      detail: 'missing-session-id',
      sessionId: null,
      sessions: 0,
      entries: lead.entriesWithoutSessionId.length,
      writes: [{ kind: 'pullHistoryEntries', condition: { kind: 'withoutSessionId' }, onlyIfNotCurrent: null }],
    });
  }
  if (lead.danglingCurrentSessionId !== null) {
    removals.push({
      reason: 'orphaned',
      detail: 'dangling-current-session-id',
      sessionId: lead.danglingCurrentSessionId,
      sessions: 0,
      entries: 0,
      writes: [{ kind: 'clearCurrentSessionId', sessionId: lead.danglingCurrentSessionId, onlyIfDangling: true }],
    });
  }
  return removals;
}

/**
 * The rule that removes a session, checked in a fixed order so each removal has exactly one reason:
 * orphaned (its creation date is unusable, so it cannot even be aged), expired, invalid. Over-limit comes last,
 * over what the other rules keep.
 */
function removalFor(session: Session, cutoff: Date, notes: PlanNote[]): PlannedRemoval | null {
  const base = { sessionId: session.sessionId, sessions: 1, entries: session.entries.length };
  const id = session.sessionId;
  if (session.health.kind === 'orphaned') {
    // The contract's orphan rule covers history entries; a current session keeps working without a valid date.
    if (session.isCurrent) {
      notes.push({ kind: 'current-session-without-valid-created-at', sessionId: id });
      return null;
    }
    return {
      ...base,
      reason: 'orphaned',
      detail: 'invalid-created-at',
      writes: removeSessionWrites(session, null, { kind: 'createdAtNotDate', sessionId: id }),
    };
  }
  if (isExpired(session, cutoff)) {
    return {
      ...base,
      reason: 'expired',
      detail: null,
      writes: removeSessionWrites(
        session,
        { kind: 'createdAtBefore', sessionId: id, cutoff },
        { kind: 'createdAtBefore', sessionId: id, cutoff },
      ),
    };
  }
  if (session.health.kind === 'invalid') {
    const invalid = session.health.invalid;
    return {
      ...base,
      reason: 'invalid',
      detail: invalid,
      writes: removeSessionWrites(
        session,
        { kind: 'invalid', sessionId: id, invalid },
        { kind: 'invalid', sessionId: id, invalid },
      ),
    };
  }
  if (session.encrypted) notes.push({ kind: 'encrypted-payload-kept', sessionId: id });
  return null;
}

const newestFirst = (a: Session, b: Session): number => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0);

/**
 * History sessions beyond the limit: keep the newest by `createdAt`; the current session's history copy is always
 * kept and counts toward the limit.
 */
function overLimitRemovals(kept: readonly Session[], limit: number): PlannedRemoval[] {
  const inHistory = kept.filter((session) => storedIn(session, 'history')).sort(newestFirst);
  if (inHistory.length <= limit) return [];
  const current = inHistory.filter((session) => session.isCurrent);
  const others = inHistory.filter((session) => !session.isCurrent);
  const othersToKeep = Math.max(0, limit - current.length);
  return others.slice(othersToKeep).map((session) => ({
    reason: 'overLimit' as const,
    detail: null,
    sessionId: session.sessionId,
    sessions: 1,
    entries: session.historyEntries.length,
    writes: [
      {
        kind: 'pullHistoryEntries' as const,
        condition: { kind: 'sessionId' as const, sessionId: session.sessionId },
        onlyIfNotCurrent: session.sessionId,
      },
    ],
  }));
}

/**
 * Plans the daily cleanup of one lead.
 *
 * 1. Orphans that are not sessions: a phantom `browserSession`, history entries without a session id, a
 *    `currentSessionId` naming no stored session.
 * 2. Each session, by the first rule that applies: orphaned (no valid `createdAt`), expired, invalid.
 * 3. Over limit: history sessions beyond `maxSessionsPerLead` among those kept, oldest first, never the current one.
 */
export function planDailyCleanup(lead: ClassifiedLead, context: DailyContext): LeadDailyPlan {
  const notes: PlanNote[] = [];
  if (lead.historyNotArray) notes.push({ kind: 'history-not-array', sessionId: null });
  for (let i = 0; i < lead.nonDocumentHistoryEntries; i += 1)
    notes.push({ kind: 'history-entry-not-document', sessionId: null });
  if (lead.browserSessionNotDocument) notes.push({ kind: 'browser-session-not-document', sessionId: null });
  const cutoff = cutoffBefore(context.now, context.policy.sessionExpiryDays);
  const removals = orphanRemovals(lead);
  const kept: Session[] = [];
  for (const session of lead.sessions) {
    const removal = removalFor(session, cutoff, notes);
    if (removal === null) kept.push(session);
    else removals.push(removal);
  }
  removals.push(...overLimitRemovals(kept, context.policy.maxSessionsPerLead));
  return { leadId: lead.leadId, removals, notes };
}

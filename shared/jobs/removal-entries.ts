import { isValidDate } from '#shared/core/bson-type.ts';
import type { PlannedRemoval } from '#shared/core/daily-plan.ts';
import { digestEntry, type EntryDigest, type LeadDigest } from '#shared/core/session-digest.ts';
import {
  classifyLead,
  invalidKindOf,
  sessionIdOf,
  type ClassifiedLead,
  type LocatedEntry,
} from '#shared/core/session-model.ts';
import type { StoredEntriesRequest, StoredLeadEntries } from '#shared/mongo/stored-entries.ts';

/**
 * The stored entries a planned removal will take out of the lead: what must be archived before it is applied.
 * Each entry is selected by the same condition as the removal's guard.
 */
export function entriesRemovedBy(
  removal: PlannedRemoval,
  lead: ClassifiedLead,
  digest: LeadDigest,
  cutoff: Date,
): LocatedEntry[] {
  if (removal.detail === 'phantom-browser-session') {
    return digest.browserSession ? [{ location: { kind: 'current' }, digest: digest.browserSession }] : [];
  }
  if (removal.detail === 'missing-session-id') return [...lead.entriesWithoutSessionId];
  if (removal.detail === 'dangling-current-session-id') return [];
  const session = lead.sessions.find((candidate) => candidate.sessionId === removal.sessionId);
  if (session === undefined) return [];
  if (removal.reason === 'overLimit') return [...session.historyEntries];
  const matches = (entry: EntryDigest): boolean => {
    if (removal.reason === 'expired')
      return isValidDate(entry.createdAt) && entry.createdAt.getTime() < cutoff.getTime();
    if (removal.reason === 'invalid') return invalidKindOf(entry) === removal.detail;
    return !isValidDate(entry.createdAt);
  };
  return session.entries.filter((entry) => matches(entry.digest));
}

/** True when every entry the removal takes has its stored copy at hand (so it can be archived first). */
export function isArchivable(entries: readonly LocatedEntry[]): boolean {
  return entries.every((entry) => entry.digest.stored !== undefined);
}

/** The stored copies to fetch for a lead whose removals take `entries` (located in its digest). */
export function storedEntriesRequest(leadId: unknown, entries: readonly LocatedEntry[]): StoredEntriesRequest {
  const sessionIds = new Set<string>();
  let withoutSessionId = false;
  for (const entry of entries) {
    if (entry.location.kind !== 'history') continue;
    const sessionId = sessionIdOf(entry.digest);
    if (sessionId === null) withoutSessionId = true;
    else sessionIds.add(sessionId);
  }
  return {
    leadId,
    browserSession: entries.some((entry) => entry.location.kind === 'current'),
    sessionIds: [...sessionIds],
    withoutSessionId,
  };
}

/**
 * The lead as its stored copies show it now: the digest's identity fields, and as entries only the fetched copies,
 * each digested again (history entries by the database, the same digest) and carrying its stored copy. Selecting a removal's
 * entries in it ({@link entriesRemovedBy}) gives the copies its guard would take at this moment, which is what the
 * archive must hold (the app may have changed an entry since the digest was read).
 */
export function storedLead(
  digest: LeadDigest,
  stored: StoredLeadEntries,
): { lead: ClassifiedLead; digest: LeadDigest } {
  const fresh: LeadDigest = {
    _id: digest._id,
    leadType: digest.leadType,
    currentSessionId: digest.currentSessionId,
    browserSession:
      stored.browserSession === undefined
        ? null
        : { ...digestEntry(stored.browserSession), stored: stored.browserSession },
    historyType: 'array',
    // Digested by the database (the same digest), so the copies stay bytes: the archive splices them in.
    sessionHistory: stored.sessionHistory.map((entry): EntryDigest => ({ ...entry.digest, stored: entry.copy })),
  };
  return { lead: classifyLead(fresh), digest: fresh };
}

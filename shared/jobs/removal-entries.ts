import { isValidDate } from '#shared/core/bson-type.ts';
import type { PlannedRemoval } from '#shared/core/daily-plan.ts';
import type { EntryDigest, LeadDigest } from '#shared/core/session-digest.ts';
import { invalidKindOf, type ClassifiedLead, type LocatedEntry } from '#shared/core/session-model.ts';

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

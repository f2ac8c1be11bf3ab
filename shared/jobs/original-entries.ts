import type { WeeklyChange } from '#shared/core/weekly-plan.ts';

/** The history entry a weekly change rewrites or removes: by session id, and by `_id` when the change names one. */
export type OriginalEntryLookup = (change: WeeklyChange) => unknown;

/**
 * Indexes a lead's history once, so that finding the entries of its changes is linear in entries plus changes: each
 * change used to search the whole history. The first entry wins for a key, as a search from the start would find it.
 */
export function originalEntryLookup(lead: Readonly<Record<string, unknown>>): OriginalEntryLookup {
  const history: unknown[] = Array.isArray(lead.sessionHistory) ? lead.sessionHistory : [];
  const firstBySession = new Map<string, unknown>();
  const firstById = new Map<string, Map<string, unknown>>();
  for (const entry of history) {
    if (entry === null || typeof entry !== 'object') continue;
    const { sessionId, _id: id } = entry as { sessionId?: unknown; _id?: unknown };
    if (typeof sessionId !== 'string') continue;
    if (!firstBySession.has(sessionId)) firstBySession.set(sessionId, entry);
    const ids = firstById.get(sessionId) ?? new Map<string, unknown>();
    firstById.set(sessionId, ids);
    // String(undefined) too: a search comparing String(entry._id) would match an entry without one that way.
    if (!ids.has(String(id))) ids.set(String(id), entry);
  }
  return (change) => {
    const write = change.write;
    const entryId = write.kind === 'pullHistoryEntryById' ? write.entryId : write.entry.entryId;
    return entryId === null
      ? firstBySession.get(change.sessionId)
      : firstById.get(change.sessionId)?.get(String(entryId));
  };
}

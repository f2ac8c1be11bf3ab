import { calculateObjectSize } from 'bson';
import { isDocument, isValidDate } from './bson-type.ts';
import { type CodecChoice, payloadFieldNames, planCompression } from './codec/index.ts';
import { cutoffBefore, type MaintenancePolicy } from './config.ts';
import { exactCookieMatch, optimizeCookies } from './cookie-optimizer.ts';
import { compressedPayloadField, digestLead } from './session-digest.ts';
import { classifyLead, type Session } from './session-model.ts';
import type { HistoryEntrySelector, LeadWeeklyPlan, WeeklyChange, WeeklySkip } from './weekly-plan.ts';

export interface WeeklyContext {
  readonly now: Date;
  readonly policy: Pick<MaintenancePolicy, 'compressionAfterDays'>;
  readonly codec?: CodecChoice;
}

type Entry = Record<string, unknown>;

function selectorOf(sessionId: string, entry: Entry): HistoryEntrySelector {
  return {
    sessionId,
    entryId: entry._id ?? null,
    lastAccessedAt: isValidDate(entry.lastAccessedAt) ? entry.lastAccessedAt : null,
  };
}

interface SessionOutcome {
  changes: WeeklyChange[];
  skipped: WeeklySkip[];
  /** The history entry as it will be stored after the changes (null when removed). */
  replacements: Map<number, Entry | null>;
}

const entryIdKey = (entry: unknown): string | null =>
  isDocument(entry) && entry._id !== undefined && entry._id !== null ? String(entry._id) : null;

function deduplicate(session: Session, history: readonly unknown[], outcome: SessionOutcome): void {
  // The app restores a session by finding the first history entry with its id, so the first copy is the one kept.
  for (const repeated of session.historyEntries.slice(1)) {
    if (repeated.location.kind !== 'history') continue;
    const entry = history[repeated.location.index] as Entry;
    if (entry._id === undefined || entry._id === null) {
      outcome.skipped.push({ sessionId: session.sessionId, reason: 'repeated-entry-without-id' });
      continue;
    }
    // The removal pulls by `_id` and session id: a copy that shares its `_id` with another entry (a hand-copied
    // element) would take that entry with it, the kept first copy included.
    const key = entryIdKey(entry);
    if (history.filter((other) => entryIdKey(other) === key).length > 1) {
      outcome.skipped.push({ sessionId: session.sessionId, reason: 'repeated-entry-id-not-unique' });
      continue;
    }
    outcome.replacements.set(repeated.location.index, null);
    outcome.changes.push({
      kind: 'deduplicate',
      sessionId: session.sessionId,
      historyEntriesRemoved: 1,
      expiredCookiesRemoved: 0,
      duplicateCookiesRemoved: 0,
      write: { kind: 'pullHistoryEntryById', sessionId: session.sessionId, entryId: entry._id },
    });
  }
}

function withoutFields(entry: Entry, fields: readonly string[]): Entry {
  const copy: Entry = {};
  for (const [key, value] of Object.entries(entry)) if (!fields.includes(key)) copy[key] = value;
  return copy;
}

function optimizeAndCompress(
  session: Session,
  entry: Entry,
  index: number,
  old: boolean,
  context: WeeklyContext,
  outcome: SessionOutcome,
): void {
  const sessionId = session.sessionId;
  const cookies = Array.isArray(entry.cookies) && !session.encrypted ? entry.cookies : null;
  const optimization = cookies === null ? null : optimizeCookies(cookies, context.now);
  const removedCookies = optimization === null ? 0 : optimization.duplicates.length + optimization.expired.length;
  const optimized: Entry =
    optimization !== null && removedCookies > 0 ? { ...entry, cookies: [...optimization.kept] } : entry;
  const counts = {
    historyEntriesRemoved: 0,
    expiredCookiesRemoved: optimization?.expired.length ?? 0,
    duplicateCookiesRemoved: optimization?.duplicates.length ?? 0,
  };

  if (old) {
    const plan = planCompression(optimized, {
      compressedAt: context.now,
      ...(context.codec ? { codec: context.codec } : {}),
    });
    if (plan.compress) {
      const unsetFields = payloadFieldNames.filter((field) => field in entry);
      outcome.replacements.set(index, {
        ...withoutFields(entry, unsetFields),
        [compressedPayloadField]: plan.compressed,
      });
      outcome.changes.push({
        kind: 'compress',
        sessionId,
        ...counts,
        write: { kind: 'compressEntry', entry: selectorOf(sessionId, entry), compressed: plan.compressed, unsetFields },
      });
      return;
    }
    outcome.skipped.push({ sessionId, reason: plan.reason === 'no-payload' ? 'no-payload' : 'no-saving' });
  }
  if (optimization === null || removedCookies === 0) return;
  const matches = [...optimization.duplicates, ...optimization.expired].map((cookie) =>
    exactCookieMatch(cookie, optimization.kept),
  );
  if (matches.some((match) => match === null)) {
    outcome.skipped.push({ sessionId, reason: 'cookies-not-addressable' });
    return;
  }
  outcome.replacements.set(index, optimized);
  outcome.changes.push({
    kind: 'optimize',
    sessionId,
    ...counts,
    write: { kind: 'pullCookies', entry: selectorOf(sessionId, entry), cookies: matches as Record<string, unknown>[] },
  });
}

function historyBytes(history: readonly unknown[]): number {
  return calculateObjectSize({ sessionHistory: history });
}

/**
 * Plans the weekly maintenance of one lead, read in full with BSON values not promoted.
 *
 * 1. Classify its sessions; the current session (and its history copy) is never touched.
 * 2. Repeated history entries of a session: keep the first copy, remove the others by their `_id`.
 * 3. Optimise the kept copy's cookies (duplicates, then expired ones after the 1970 correction).
 * 4. Compress it when it is older than `compressionAfterDays`, valid, not yet compressed, and it saves space;
 *    otherwise write the cookie optimisation alone when it can address exactly the cookies it removes.
 */
export function planWeeklyMaintenance(lead: Readonly<Record<string, unknown>>, context: WeeklyContext): LeadWeeklyPlan {
  const classified = classifyLead(digestLead(lead));
  const history = Array.isArray(lead.sessionHistory) ? (lead.sessionHistory as unknown[]) : [];
  const outcome: SessionOutcome = { changes: [], skipped: [], replacements: new Map() };
  const cutoff = cutoffBefore(context.now, context.policy.compressionAfterDays);
  for (const session of classified.sessions) {
    const first = session.historyEntries[0];
    if (first === undefined || first.location.kind !== 'history') continue;
    if (session.isCurrent) {
      outcome.skipped.push({ sessionId: session.sessionId, reason: 'current-session' });
      continue;
    }
    deduplicate(session, history, outcome);
    const entry = history[first.location.index];
    if (!isDocument(entry)) continue;
    if (entry[compressedPayloadField] !== undefined) {
      outcome.skipped.push({ sessionId: session.sessionId, reason: 'already-compressed' });
      continue;
    }
    // Only sessions the daily rules would keep: the others are removed there, with an archive.
    if (session.health.kind !== 'valid' || !isValidDate(first.digest.createdAt)) {
      outcome.skipped.push({ sessionId: session.sessionId, reason: 'not-valid' });
      continue;
    }
    const old = first.digest.createdAt.getTime() < cutoff.getTime();
    optimizeAndCompress(session, entry, first.location.index, old, context, outcome);
  }
  const after = history.flatMap((entry, index) => {
    if (!outcome.replacements.has(index)) return [entry];
    const replacement = outcome.replacements.get(index);
    return replacement === null || replacement === undefined ? [] : [replacement];
  });
  const bytesSaved = outcome.changes.length === 0 ? 0 : historyBytes(history) - historyBytes(after);
  return { leadId: lead._id, changes: outcome.changes, skipped: outcome.skipped, bytesSaved };
}

import { calculateObjectSize } from 'bson';
import { isDocument, isValidDate } from './bson-type.ts';
import {
  type CodecChoice,
  compressBytes,
  type PayloadToCompress,
  payloadFieldNames,
  prepareCompression,
} from './codec/index.ts';
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
  /** Per rewritten or removed history entry: its BSON bytes before, and after (0 when removed). */
  rewrites: Map<number, { readonly before: number; readonly after: number }>;
}

/**
 * What the planner decides about one session, recorded in the session's order and carried out once the payloads are
 * compressed (`compressed[i]` is `payloadsToCompress[i]` compressed), so changes and skips keep their order.
 */
type Step = (outcome: SessionOutcome, compressed: readonly Uint8Array[]) => void;

const entryIdKey = (entry: unknown): string | null =>
  isDocument(entry) && entry._id !== undefined && entry._id !== null ? String(entry._id) : null;

const skip =
  (sessionId: string, reason: WeeklySkip['reason']): Step =>
  (outcome) => {
    outcome.skipped.push({ sessionId, reason });
  };

function deduplicate(session: Session, history: readonly unknown[], steps: Step[]): void {
  // The app restores a session by finding the first history entry with its id, so the first copy is the one kept.
  for (const repeated of session.historyEntries.slice(1)) {
    if (repeated.location.kind !== 'history') continue;
    const index = repeated.location.index;
    const entry = history[index] as Entry;
    if (entry._id === undefined || entry._id === null) {
      steps.push(skip(session.sessionId, 'repeated-entry-without-id'));
      continue;
    }
    // The removal pulls by `_id` and session id: a copy that shares its `_id` with another entry (a hand-copied
    // element) would take that entry with it, the kept first copy included.
    const key = entryIdKey(entry);
    if (history.filter((other) => entryIdKey(other) === key).length > 1) {
      steps.push(skip(session.sessionId, 'repeated-entry-id-not-unique'));
      continue;
    }
    const before = repeated.digest.bsonBytes;
    steps.push((outcome) => {
      outcome.rewrites.set(index, { before, after: 0 });
      outcome.changes.push({
        kind: 'deduplicate',
        sessionId: session.sessionId,
        historyEntriesRemoved: 1,
        expiredCookiesRemoved: 0,
        duplicateCookiesRemoved: 0,
        write: { kind: 'pullHistoryEntryById', sessionId: session.sessionId, entryId: entry._id },
      });
    });
  }
}

function withoutFields(entry: Entry, fields: readonly string[]): Entry {
  const copy: Entry = {};
  for (const [key, value] of Object.entries(entry)) if (!fields.includes(key)) copy[key] = value;
  return copy;
}

interface KeptEntry {
  readonly entry: Entry;
  readonly index: number;
  /** Its BSON bytes (the digest's). */
  readonly bytes: number;
}

function optimizeAndCompress(
  session: Session,
  kept: KeptEntry,
  old: boolean,
  context: WeeklyContext,
  steps: Step[],
  payloadsToCompress: PayloadToCompress[],
): void {
  const { entry, index } = kept;
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
  const compression = old
    ? prepareCompression(optimized, { compressedAt: context.now, ...(context.codec ? { codec: context.codec } : {}) })
    : null;
  const payloadIndex = payloadsToCompress.length;
  if (compression?.compress === true) payloadsToCompress.push(compression.payload);

  steps.push((outcome, compressed) => {
    if (compression !== null) {
      const plan = compression.compress
        ? compression.finish(compressedBytesAt(compressed, payloadIndex))
        : compression.plan;
      if (plan.compress) {
        const unsetFields = payloadFieldNames.filter((field) => field in entry);
        const replacement = { ...withoutFields(entry, unsetFields), [compressedPayloadField]: plan.compressed };
        outcome.rewrites.set(index, { before: kept.bytes, after: calculateObjectSize(replacement) });
        outcome.changes.push({
          kind: 'compress',
          sessionId,
          ...counts,
          write: {
            kind: 'compressEntry',
            entry: selectorOf(sessionId, entry),
            compressed: plan.compressed,
            unsetFields,
          },
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
    outcome.rewrites.set(index, { before: kept.bytes, after: calculateObjectSize(optimized) });
    outcome.changes.push({
      kind: 'optimize',
      sessionId,
      ...counts,
      write: {
        kind: 'pullCookies',
        entry: selectorOf(sessionId, entry),
        cookies: matches as Record<string, unknown>[],
      },
    });
  });
}

function compressedBytesAt(compressed: readonly Uint8Array[], index: number): Uint8Array {
  const bytes = compressed[index];
  if (bytes === undefined) throw new RangeError(`no compressed bytes for payload ${String(index)}`);
  return bytes;
}

/** BSON bytes the array keys "0".."n-1" take with their type bytes and terminators. */
function arrayKeyBytes(length: number): number {
  let bytes = 0;
  for (let digits = 1, start = 0; start < length; digits += 1, start = start === 0 ? 10 : start * 10) {
    const end = Math.min(length, start === 0 ? 10 : start * 10);
    bytes += (end - start) * (digits + 2);
  }
  return bytes;
}

/**
 * BSON bytes of `sessionHistory` before minus after the rewrites: the entries rewritten or removed, and the keys of
 * the elements removed (an array's keys are its indexes). Untouched entries weigh the same on both sides.
 */
function historyBytesSaved(historyLength: number, rewrites: SessionOutcome['rewrites']): number {
  let saved = 0;
  let removed = 0;
  for (const { before, after } of rewrites.values()) {
    saved += before - after;
    if (after === 0) removed += 1;
  }
  return saved + arrayKeyBytes(historyLength) - arrayKeyBytes(historyLength - removed);
}

/** A lead's plan waiting for its payloads to be compressed. */
export interface PreparedWeeklyPlan {
  /** The payloads to compress, each with its codec: `compressBytes`, or `compressionCall` on another thread. */
  readonly payloadsToCompress: readonly PayloadToCompress[];
  /** The plan, given `payloadsToCompress[i]` compressed into `compressed[i]`. */
  readonly complete: (compressed: readonly Uint8Array[]) => LeadWeeklyPlan;
}

/**
 * `planWeeklyMaintenance` in two halves, for a caller that compresses elsewhere (the weekly job compresses on the
 * libuv pool, so its thread plans the next lead meanwhile): every decision but compression's saving now, the rest in
 * `complete`. The plan is the same, byte for byte, as long as the bytes are those `compressBytes` would write.
 */
export function prepareWeeklyMaintenance(
  lead: Readonly<Record<string, unknown>>,
  context: WeeklyContext,
): PreparedWeeklyPlan {
  const classified = classifyLead(digestLead(lead));
  const history = Array.isArray(lead.sessionHistory) ? (lead.sessionHistory as unknown[]) : [];
  const steps: Step[] = [];
  const payloadsToCompress: PayloadToCompress[] = [];
  const cutoff = cutoffBefore(context.now, context.policy.compressionAfterDays);
  for (const session of classified.sessions) {
    const first = session.historyEntries[0];
    if (first === undefined || first.location.kind !== 'history') continue;
    if (session.isCurrent) {
      steps.push(skip(session.sessionId, 'current-session'));
      continue;
    }
    deduplicate(session, history, steps);
    const entry = history[first.location.index];
    if (!isDocument(entry)) continue;
    if (entry[compressedPayloadField] !== undefined) {
      steps.push(skip(session.sessionId, 'already-compressed'));
      continue;
    }
    // Only sessions the daily rules would keep: the others are removed there, with an archive.
    if (session.health.kind !== 'valid' || !isValidDate(first.digest.createdAt)) {
      steps.push(skip(session.sessionId, 'not-valid'));
      continue;
    }
    const old = first.digest.createdAt.getTime() < cutoff.getTime();
    const kept = { entry, index: first.location.index, bytes: first.digest.bsonBytes };
    optimizeAndCompress(session, kept, old, context, steps, payloadsToCompress);
  }
  return {
    payloadsToCompress,
    complete: (compressed) => {
      const outcome: SessionOutcome = { changes: [], skipped: [], rewrites: new Map() };
      for (const step of steps) step(outcome, compressed);
      const bytesSaved = outcome.changes.length === 0 ? 0 : historyBytesSaved(history.length, outcome.rewrites);
      return { leadId: lead._id, changes: outcome.changes, skipped: outcome.skipped, bytesSaved };
    },
  };
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
  const prepared = prepareWeeklyMaintenance(lead, context);
  return prepared.complete(prepared.payloadsToCompress.map((payload) => compressBytes(payload.bytes, payload.codec)));
}

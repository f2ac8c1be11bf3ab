import { cutoffBefore, type MaintenancePolicy } from '../config.ts';
import type { ClassifiedLead, InvalidKind, Session } from '../session-model.ts';
import {
  emptyStatistics,
  type AgeBucket,
  type BatchStatistics,
  type CountName,
  type LeadTypeCounts,
  type OrphanedKind,
} from './batch-statistics.ts';

const dayMs = 86_400_000;
/** "Sessions over 50 KB": 50 KiB of BSON, the primary entry's size. */
export const largeSessionBytes = 50 * 1024;

/** What collecting a lead's statistics depends on besides the lead. */
export interface CollectContext {
  /** The run's reference time: every age and "last N days" is measured from it. */
  readonly now: Date;
  readonly policy: Pick<MaintenancePolicy, 'sessionExpiryDays' | 'compressionAfterDays' | 'maxSessionsPerLead'>;
  /** The report period, `[start, end)`. */
  readonly period: { readonly start: Date; readonly end: Date };
}

const ageBucketUpperDays: readonly [AgeBucket, number][] = [
  ['<1d', 1],
  ['1-7d', 7],
  ['7-14d', 14],
  ['14-30d', 30],
  ['30-60d', 60],
  ['60-90d', 90],
];

function ageBucketOf(ageMs: number | null): AgeBucket {
  if (ageMs === null) return 'unknown';
  for (const [bucket, upperDays] of ageBucketUpperDays) if (ageMs < upperDays * dayMs) return bucket;
  return '>90d';
}

const isWithin = (date: Date | null, period: CollectContext['period']): boolean =>
  date !== null && date.getTime() >= period.start.getTime() && date.getTime() < period.end.getTime();

/** Mutable tallies for one lead; frozen into a `BatchStatistics` at the end. */
interface Tally {
  readonly counts: Record<CountName, number>;
  readonly invalidByKind: Record<InvalidKind, number>;
  readonly orphanedByKind: Record<OrphanedKind, number>;
  readonly ageHistogram: Record<AgeBucket, number>;
  mostRecentSessionMs: number | null;
  largestSessionBytes: number;
}

function startTally(): Tally {
  const empty = emptyStatistics();
  return {
    counts: { ...empty.counts },
    invalidByKind: { ...empty.invalidByKind },
    orphanedByKind: { ...empty.orphanedByKind },
    ageHistogram: { ...empty.ageHistogram },
    mostRecentSessionMs: null,
    largestSessionBytes: 0,
  };
}

/** Age, access and expiry of one session, measured from the run's reference time with the run's policy. */
function tallyTimes(tally: Tally, session: Session, context: CollectContext): void {
  const { counts } = tally;
  const now = context.now.getTime();
  const created = session.createdAt?.getTime() ?? null;
  const lastAccess = session.lastAccessedAt?.getTime() ?? null;
  const ageMs = created === null ? null : now - created;
  tally.ageHistogram[ageBucketOf(ageMs)] += 1;
  if (session.isActive && (lastAccess === null || now - lastAccess >= 14 * dayMs)) {
    counts.activeSessionsUnusedFor14Days += 1;
  }
  if (isWithin(session.createdAt, context.period)) counts.sessionsCreatedInPeriod += 1;
  if (isWithin(session.lastAccessedAt, context.period)) counts.sessionsAccessedInPeriod += 1;
  if (created === null || ageMs === null) return;
  counts.sessionsWithValidCreatedAt += 1;
  // Whole seconds keep the sum an exact integer in any merge order; a session dated after `now` counts as age 0.
  counts.sessionAgeSecondsSum += Math.floor(Math.max(0, ageMs) / 1000);
  if (ageMs <= 30 * dayMs) counts.sessionsCreatedLast30Days += 1;
  tally.mostRecentSessionMs = Math.max(tally.mostRecentSessionMs ?? created, created);
  const expired = created < cutoffBefore(context.now, context.policy.sessionExpiryDays).getTime();
  if (expired) counts.expiredSessions += 1;
  if (session.health.kind === 'valid' && !expired) counts.validUnexpiredSessions += 1;
}

/** Not expired now, expired in 7 days: the instant it expires lies in [now, now + 7 d). */
function expiresWithin7Days(session: Session, context: CollectContext): boolean {
  if (session.createdAt === null) return false;
  const expiresAt = session.createdAt.getTime() + context.policy.sessionExpiryDays * dayMs;
  return expiresAt >= context.now.getTime() && expiresAt < context.now.getTime() + 7 * dayMs;
}

/**
 * Sizes and compression of one session. A compression candidate is a history copy the weekly job may compress (not
 * current, valid, not compressed) that is older than `compressionAfterDays` or over 50 KiB; encrypted payloads are
 * left out, as ciphertext does not compress.
 */
function tallyStorage(tally: Tally, session: Session, context: CollectContext): void {
  const { counts } = tally;
  const bytes = session.primary.digest.bsonBytes;
  counts.sessionBytes += bytes;
  tally.largestSessionBytes = Math.max(tally.largestSessionBytes, bytes);
  if (bytes > largeSessionBytes) counts.sessionsOver50KB += 1;
  for (const entry of session.entries) counts.storedBytes += entry.digest.bsonBytes;
  const compressed = session.primary.digest.compressed;
  if (compressed !== null) {
    counts.compressedSessions += 1;
    counts.compressedOriginalBytes += compressed.originalBytes;
    counts.compressedStoredBytes += compressed.storedBytes;
    return;
  }
  const compressible = session.historyEntries.length > 0 && !session.isCurrent && session.health.kind === 'valid';
  if (!compressible) return;
  const old =
    session.createdAt !== null &&
    session.createdAt.getTime() < cutoffBefore(context.now, context.policy.compressionAfterDays).getTime();
  if (old) counts.uncompressedOldSessions += 1;
  if ((old || bytes > largeSessionBytes) && !session.encrypted) {
    counts.compressionCandidates += 1;
    counts.compressionCandidateBytes += bytes;
  }
}

function tallyHealth(tally: Tally, session: Session): void {
  const { counts } = tally;
  if (session.health.kind === 'valid') counts.validSessions += 1;
  else if (session.health.kind === 'invalid') tally.invalidByKind[session.health.invalid] += 1;
  else tally.orphanedByKind['invalid-created-at'] += 1;
  if (session.encrypted) counts.encryptedSessions += 1;
  if (session.historyEntries.length > 1) counts.repeatedHistoryEntries += session.historyEntries.length - 1;
}

/** What is wrong with the lead outside its sessions: phantoms, entries without an id, pointers, shapes. */
function tallyLeadAnomalies(tally: Tally, lead: ClassifiedLead, context: CollectContext): void {
  const { counts, orphanedByKind } = tally;
  orphanedByKind['missing-session-id'] += lead.entriesWithoutSessionId.length;
  if (lead.phantomBrowserSession !== null) orphanedByKind[`phantom-${lead.phantomBrowserSession}`] += 1;
  if (lead.danglingCurrentSessionId !== null) orphanedByKind['dangling-current-session-id'] += 1;
  if (lead.historyNotArray) counts.historyNotArray += 1;
  counts.historyEntriesNotDocument += lead.nonDocumentHistoryEntries;
  if (lead.browserSessionNotDocument) counts.browserSessionNotDocument += 1;
  counts.malformedViewports += lead.malformedViewports;
  // The history limit counts distinct sessions stored in history; repeats are counted apart.
  const sessionsInHistory = lead.sessions.filter((session) => session.historyEntries.length > 0).length;
  counts.sessionsOverLimit += Math.max(0, sessionsInHistory - context.policy.maxSessionsPerLead);
}

/** Any item `integrityProblems` counts (docs/analytics.md): an invalid session, an orphan, a malformed field. */
function hasIntegrityProblem({ counts, invalidByKind, orphanedByKind }: Tally): boolean {
  const items = [...Object.values(invalidByKind), ...Object.values(orphanedByKind)];
  return (
    items.some((count) => count > 0) ||
    counts.historyNotArray + counts.historyEntriesNotDocument + counts.browserSessionNotDocument > 0
  );
}

/**
 * The statistics of one classified lead; a batch folds its leads with `mergeStatistics`. Counts sessions as
 * `classifyLead` defines them: the current session stored twice is one session, phantoms and entries without a
 * `sessionId` are not sessions. Reads no value and keeps no identifier: only counts, sizes and one date.
 */
export function collectLeadStatistics(lead: ClassifiedLead, context: CollectContext): BatchStatistics {
  const tally = startTally();
  const { counts } = tally;
  const sessions = lead.sessions;
  const activeSessions = sessions.filter((session) => session.isActive).length;
  const recentAccessAfter = context.now.getTime() - 7 * dayMs;
  counts.leadsSeen = 1;
  counts.sessions = sessions.length;
  counts.activeSessions = activeSessions;
  counts.leadsWithSessions = sessions.length > 0 ? 1 : 0;
  counts.leadsWithActiveSession = activeSessions > 0 ? 1 : 0;
  const accessedRecently = sessions.some(
    (session) => session.lastAccessedAt !== null && session.lastAccessedAt.getTime() >= recentAccessAfter,
  );
  counts.leadsAccessedLast7Days = accessedRecently ? 1 : 0;
  counts.leadsWithActiveSessionAccessedLast7Days = accessedRecently && activeSessions > 0 ? 1 : 0;
  counts.leadsWithSessionsExpiringWithin7Days = sessions.some((session) => expiresWithin7Days(session, context))
    ? 1
    : 0;
  // The sessions agents still work with: an old history copy expiring is the daily cleanup's business, not theirs.
  counts.leadsWithActiveSessionExpiringWithin7Days = sessions.some(
    (session) => session.isActive && expiresWithin7Days(session, context),
  )
    ? 1
    : 0;
  for (const session of sessions) {
    tallyTimes(tally, session, context);
    tallyStorage(tally, session, context);
    tallyHealth(tally, session);
  }
  tallyLeadAnomalies(tally, lead, context);
  counts.leadsWithIntegrityProblems = hasIntegrityProblem(tally) ? 1 : 0;
  const typeCounts: LeadTypeCounts = {
    leads: 1,
    leadsWithSessions: counts.leadsWithSessions,
    sessions: sessions.length,
    activeSessions,
  };
  const empty = emptyStatistics();
  return {
    ...empty,
    counts,
    byLeadType: { ...empty.byLeadType, [lead.leadType]: typeCounts },
    invalidByKind: tally.invalidByKind,
    orphanedByKind: tally.orphanedByKind,
    ageHistogram: tally.ageHistogram,
    mostRecentSessionAt: tally.mostRecentSessionMs === null ? null : new Date(tally.mostRecentSessionMs).toISOString(),
    largestSessionBytes: tally.largestSessionBytes,
  };
}

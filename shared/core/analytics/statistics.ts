import type { MaintenancePolicy } from '../config.ts';
import type { ClassifiedLead, Session } from '../session-model.ts';

/**
 * Per-batch statistics: a plain JSON value (stored per batch in MongoDB, merged by Finalize). Merging is
 * associative and commutative, and `emptyStatistics()` is its identity, so how leads are cut into batches never
 * changes the report.
 */
export interface BatchStatistics {
  readonly counts: Readonly<Record<string, number>>;
  /** Maxima (merge takes the larger): largest session, most recent session (ms since epoch; -1 when none). */
  readonly maxima: Readonly<Record<string, number>>;
  readonly byLeadType: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly invalidByKind: Readonly<Record<string, number>>;
  readonly orphanedByKind: Readonly<Record<string, number>>;
  readonly ageHistogram: Readonly<Record<string, number>>;
  /** Batch read latencies in log-scale buckets: bucket i holds latencies in [2^(i/4), 2^((i+1)/4)) ms. */
  readonly readLatencyBuckets: Readonly<Record<string, number>>;
}

export const ageBuckets = ['<1d', '1-7d', '7-14d', '14-30d', '30-60d', '60-90d', '>90d', 'unknown'] as const;
const ageBucketLimits: readonly [string, number][] = [
  ['<1d', 1],
  ['1-7d', 7],
  ['7-14d', 14],
  ['14-30d', 30],
  ['30-60d', 60],
  ['60-90d', 90],
];

export interface CollectContext {
  readonly now: Date;
  readonly policy: Pick<MaintenancePolicy, 'sessionExpiryDays' | 'compressionAfterDays' | 'maxSessionsPerLead'>;
  readonly period: { readonly start: Date; readonly end: Date };
}

export function emptyStatistics(): BatchStatistics {
  return {
    counts: {},
    maxima: {},
    byLeadType: {},
    invalidByKind: {},
    orphanedByKind: {},
    ageHistogram: {},
    readLatencyBuckets: {},
  };
}

function addRecords(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const sum: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + value;
  return sum;
}

function maxRecords(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const max: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b)) max[key] = Math.max(max[key] ?? value, value);
  return max;
}

export function mergeStatistics(a: BatchStatistics, b: BatchStatistics): BatchStatistics {
  const byLeadType: Record<string, Record<string, number>> = { ...a.byLeadType };
  for (const [type, counts] of Object.entries(b.byLeadType))
    byLeadType[type] = addRecords(byLeadType[type] ?? {}, counts);
  return {
    counts: addRecords(a.counts, b.counts),
    maxima: maxRecords(a.maxima, b.maxima),
    byLeadType,
    invalidByKind: addRecords(a.invalidByKind, b.invalidByKind),
    orphanedByKind: addRecords(a.orphanedByKind, b.orphanedByKind),
    ageHistogram: addRecords(a.ageHistogram, b.ageHistogram),
    readLatencyBuckets: addRecords(a.readLatencyBuckets, b.readLatencyBuckets),
  };
}

/** The latency bucket of a measurement (quarter powers of two: about 19 % resolution). */
export function latencyBucket(ms: number): number {
  return ms <= 1 ? 0 : Math.floor(4 * Math.log2(ms));
}
export const latencyBucketLowerBound = (bucket: number): number => (bucket === 0 ? 0 : 2 ** (bucket / 4));

/** Adds one batch read latency (milliseconds). */
export function recordReadLatency(statistics: BatchStatistics, ms: number): BatchStatistics {
  const bucket = String(latencyBucket(ms));
  return mergeStatistics(statistics, {
    ...emptyStatistics(),
    readLatencyBuckets: { [bucket]: 1 },
    counts: { batchReads: 1 },
  });
}

const dayMs = 86_400_000;

function ageBucketOf(ageDays: number | null): string {
  if (ageDays === null) return 'unknown';
  for (const [bucket, limit] of ageBucketLimits) if (ageDays < limit) return bucket;
  return '>90d';
}

const within = (date: Date | null, start: Date, end: Date): boolean =>
  date !== null && date.getTime() >= start.getTime() && date.getTime() < end.getTime();

/** Statistics of one classified lead. */
export function collectLeadStatistics(lead: ClassifiedLead, context: CollectContext): BatchStatistics {
  const now = context.now.getTime();
  const counts: Record<string, number> = { leadsSeen: 1 };
  const add = (key: string, amount = 1): void => {
    counts[key] = (counts[key] ?? 0) + amount;
  };
  const maxima: Record<string, number> = {};
  const invalidByKind: Record<string, number> = {};
  const orphanedByKind: Record<string, number> = {};
  const ageHistogram: Record<string, number> = {};
  const expiryMs = context.policy.sessionExpiryDays * dayMs;
  const sessions: readonly Session[] = lead.sessions;
  let active = false;
  let accessedRecently = false;
  let expiringSoon = false;

  for (const session of sessions) {
    add('sessions');
    const created = session.createdAt?.getTime() ?? null;
    const ageDays = created === null ? null : (now - created) / dayMs;
    ageHistogram[ageBucketOf(ageDays)] = (ageHistogram[ageBucketOf(ageDays)] ?? 0) + 1;
    if (session.isActive) {
      add('activeSessions');
      active = true;
      if (session.lastAccessedAt === null || now - session.lastAccessedAt.getTime() >= 14 * dayMs)
        add('activeUnusedFor14Days');
    }
    if (session.lastAccessedAt !== null && now - session.lastAccessedAt.getTime() <= 7 * dayMs) accessedRecently = true;
    if (ageDays !== null) {
      // Whole seconds: integer sums stay exact in any merge order (floats would not be associative).
      add('sessionAgeSecondsSum', Math.floor((now - (created as number)) / 1000));
      add('sessionsWithAge');
      if (now - (created as number) <= 30 * dayMs) add('sessionsCreatedLast30Days');
      maxima.mostRecentSessionAt = Math.max(maxima.mostRecentSessionAt ?? -1, created as number);
    }
    if (within(session.createdAt, context.period.start, context.period.end)) add('sessionsCreatedInPeriod');
    if (within(session.lastAccessedAt, context.period.start, context.period.end)) add('sessionsAccessedInPeriod');
    const expired = created !== null && now - created > expiryMs;
    if (expired) add('expiredSessions');
    if (session.health.kind === 'valid') {
      add('validSessions');
      if (!expired) add('validUnexpiredSessions');
    } else if (session.health.kind === 'invalid') {
      invalidByKind[session.health.invalid] = (invalidByKind[session.health.invalid] ?? 0) + 1;
    } else {
      orphanedByKind['invalid-created-at'] = (orphanedByKind['invalid-created-at'] ?? 0) + 1;
    }
    if (created !== null && !expired && created + expiryMs <= now + 7 * dayMs) expiringSoon = true;
    if (session.encrypted) add('encryptedSessions');
    if (session.historyEntries.length > 1) add('repeatedHistoryEntries', session.historyEntries.length - 1);
    const bytes = session.primary.digest.bsonBytes;
    add('sessionBytes', bytes);
    maxima.largestSessionBytes = Math.max(maxima.largestSessionBytes ?? 0, bytes);
    if (bytes > 50 * 1024) add('sessionsOver50KB');
    const compressed = session.primary.digest.compressed;
    if (compressed !== null) {
      add('compressedSessions');
      add('compressedOriginalBytes', compressed.originalBytes);
      add('compressedStoredBytes', compressed.storedBytes);
    } else if (!session.isCurrent && ageDays !== null && ageDays > context.policy.compressionAfterDays) {
      add('uncompressedOldSessions');
    }
    for (const entry of session.entries) add('storedBytes', entry.digest.bsonBytes);
  }
  const inHistory = sessions.filter((session) => session.historyEntries.length > 0).length;
  if (inHistory > context.policy.maxSessionsPerLead)
    add('sessionsOverLimit', inHistory - context.policy.maxSessionsPerLead);
  if (sessions.length > 0) add('leadsWithSessions');
  if (active) add('leadsWithActiveSession');
  if (accessedRecently) add('leadsAccessedLast7Days');
  if (expiringSoon) add('leadsExpiringWithin7Days');
  if (lead.entriesWithoutSessionId.length > 0)
    orphanedByKind['missing-session-id'] = lead.entriesWithoutSessionId.length;
  if (lead.phantomBrowserSession !== null) orphanedByKind[`phantom-${lead.phantomBrowserSession}`] = 1;
  if (lead.danglingCurrentSessionId !== null) orphanedByKind['dangling-current-session-id'] = 1;
  if (lead.nonDocumentHistoryEntries > 0) orphanedByKind['history-entry-not-document'] = lead.nonDocumentHistoryEntries;
  if (lead.historyNotArray) add('historyNotArray');
  if (lead.malformedViewports > 0) add('malformedViewports', lead.malformedViewports);
  const typeCounts: Record<string, number> = {
    leads: 1,
    leadsWithSessions: sessions.length > 0 ? 1 : 0,
    sessions: sessions.length,
    activeSessions: sessions.filter((session) => session.isActive).length,
  };
  return {
    counts,
    maxima,
    byLeadType: { [lead.leadType]: typeCounts },
    invalidByKind,
    orphanedByKind,
    ageHistogram,
    readLatencyBuckets: {},
  };
}

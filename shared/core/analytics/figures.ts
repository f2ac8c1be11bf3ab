import { ageBuckets, latencyBucketLowerBound, type BatchStatistics } from './statistics.ts';

const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator;

export interface RunHistoryEntry {
  readonly job: string;
  readonly status: string;
  readonly durationMs: number;
  readonly finishedAt: string;
}

/** The month's figures (definitions in docs/analytics.md). Rates are null when their denominator is zero. */
export interface AnalyticsFigures {
  readonly summary: {
    readonly leadsWithSessions: number;
    readonly totalSessions: number;
    readonly activeSessions: number;
    readonly averageSessionsPerLead: number | null;
    readonly mostRecentSessionAt: string | null;
  };
  readonly usage: {
    readonly leadsWithActiveSession: number;
    readonly leadsAccessedLast7Days: number;
    readonly averageSessionAgeDays: number | null;
    readonly sessionsCreatedLast30Days: number;
    readonly sessionsCreatedInPeriod: number;
    readonly sessionsAccessedInPeriod: number;
    readonly byLeadType: Readonly<Record<string, Readonly<Record<string, number>>>>;
    readonly sessionUtilizationRate: number | null;
    readonly recentAccessShareOfActive: number | null;
    readonly activeSessionsUnusedFor14Days: number;
  };
  readonly health: {
    readonly sessionHealthScore: number | null;
    readonly expirationRate: number | null;
    readonly validSessions: number;
    readonly expiredSessions: number;
    readonly leadsWithSessionsExpiringWithin7Days: number;
    readonly invalidSessions: number;
    readonly invalidByKind: Readonly<Record<string, number>>;
    readonly orphanedByKind: Readonly<Record<string, number>>;
    readonly orphanedTotal: number;
    readonly phantomBrowserSessions: number;
    readonly encryptedSessions: number;
    readonly malformedViewports: number;
    readonly historyNotArray: number;
    readonly sessionsOverLimit: number;
    readonly repeatedHistoryEntries: number;
    readonly integrityProblems: number;
  };
  readonly storage: {
    readonly storedBytes: number;
    readonly totalSessionBytes: number;
    readonly averageSessionBytes: number | null;
    readonly largestSessionBytes: number;
    readonly sessionsOver50KB: number;
    readonly compressedSessions: number;
    readonly compressedShare: number | null;
    readonly compressionRatio: number | null;
    readonly bytesSaved: number;
    readonly uncompressedOldSessions: number;
  };
  readonly performance: {
    readonly readLatencyMs: { readonly p50: number | null; readonly p95: number | null; readonly batches: number };
    readonly runDurations: Readonly<
      Record<string, { count: number; p50Ms: number | null; maxMs: number | null; lastStatus: string | null }>
    >;
    readonly indexes: { readonly expected: readonly string[]; readonly missing: readonly string[] };
  };
  readonly ageHistogram: Readonly<Record<string, number>>;
}

function percentileFromBuckets(buckets: Readonly<Record<string, number>>, fraction: number): number | null {
  const entries = Object.entries(buckets)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.ceil(fraction * total);
  let seen = 0;
  for (const [bucket, count] of entries) {
    seen += count;
    // The bucket's upper bound: the percentile is at most this (about 19 % above the true value).
    if (seen >= rank) return latencyBucketLowerBound(bucket + 1);
  }
  return null;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function computeFigures(
  statistics: BatchStatistics,
  runHistory: readonly RunHistoryEntry[],
  indexes: { readonly expected: readonly string[]; readonly present: readonly string[] },
): AnalyticsFigures {
  const c = (key: string): number => statistics.counts[key] ?? 0;
  const sessions = c('sessions');
  const orphanedTotal = Object.values(statistics.orphanedByKind).reduce((sum, n) => sum + n, 0);
  const invalidSessions = Object.values(statistics.invalidByKind).reduce((sum, n) => sum + n, 0);
  const phantoms =
    (statistics.orphanedByKind['phantom-default-browser-session'] ?? 0) +
    (statistics.orphanedByKind['phantom-empty-browser-session'] ?? 0);
  const mostRecent = statistics.maxima.mostRecentSessionAt;
  const byJob = new Map<string, RunHistoryEntry[]>();
  for (const run of runHistory) byJob.set(run.job, [...(byJob.get(run.job) ?? []), run]);
  const runDurations = Object.fromEntries(
    [...byJob].map(([job, runs]) => {
      const newest = [...runs].sort((a, b) => b.finishedAt.localeCompare(a.finishedAt))[0];
      const durations = runs.map((run) => run.durationMs);
      return [
        job,
        {
          count: runs.length,
          p50Ms: median(durations),
          maxMs: Math.max(...durations),
          lastStatus: newest?.status ?? null,
        },
      ];
    }),
  );
  const present = new Set(indexes.present);
  return {
    summary: {
      leadsWithSessions: c('leadsWithSessions'),
      totalSessions: sessions,
      activeSessions: c('activeSessions'),
      averageSessionsPerLead: ratio(sessions, c('leadsWithSessions')),
      mostRecentSessionAt: mostRecent === undefined || mostRecent < 0 ? null : new Date(mostRecent).toISOString(),
    },
    usage: {
      leadsWithActiveSession: c('leadsWithActiveSession'),
      leadsAccessedLast7Days: c('leadsAccessedLast7Days'),
      averageSessionAgeDays:
        c('sessionsWithAge') === 0 ? null : c('sessionAgeSecondsSum') / c('sessionsWithAge') / 86_400,
      sessionsCreatedLast30Days: c('sessionsCreatedLast30Days'),
      sessionsCreatedInPeriod: c('sessionsCreatedInPeriod'),
      sessionsAccessedInPeriod: c('sessionsAccessedInPeriod'),
      byLeadType: statistics.byLeadType,
      sessionUtilizationRate: ratio(c('leadsWithActiveSession'), c('leadsWithSessions')),
      recentAccessShareOfActive: ratio(c('leadsAccessedLast7Days'), c('leadsWithActiveSession')),
      activeSessionsUnusedFor14Days: c('activeUnusedFor14Days'),
    },
    health: {
      sessionHealthScore: ratio(c('validUnexpiredSessions'), sessions),
      expirationRate: ratio(c('expiredSessions'), sessions),
      validSessions: c('validSessions'),
      expiredSessions: c('expiredSessions'),
      leadsWithSessionsExpiringWithin7Days: c('leadsExpiringWithin7Days'),
      invalidSessions,
      invalidByKind: statistics.invalidByKind,
      orphanedByKind: statistics.orphanedByKind,
      orphanedTotal,
      phantomBrowserSessions: phantoms,
      encryptedSessions: c('encryptedSessions'),
      malformedViewports: c('malformedViewports'),
      historyNotArray: c('historyNotArray'),
      sessionsOverLimit: c('sessionsOverLimit'),
      repeatedHistoryEntries: c('repeatedHistoryEntries'),
      integrityProblems: invalidSessions + orphanedTotal + c('historyNotArray'),
    },
    storage: {
      storedBytes: c('storedBytes'),
      totalSessionBytes: c('sessionBytes'),
      averageSessionBytes: ratio(c('sessionBytes'), sessions),
      largestSessionBytes: statistics.maxima.largestSessionBytes ?? 0,
      sessionsOver50KB: c('sessionsOver50KB'),
      compressedSessions: c('compressedSessions'),
      compressedShare: ratio(c('compressedSessions'), sessions),
      compressionRatio: ratio(c('compressedOriginalBytes'), c('compressedStoredBytes')),
      bytesSaved: c('compressedOriginalBytes') - c('compressedStoredBytes'),
      uncompressedOldSessions: c('uncompressedOldSessions'),
    },
    performance: {
      readLatencyMs: {
        p50: percentileFromBuckets(statistics.readLatencyBuckets, 0.5),
        p95: percentileFromBuckets(statistics.readLatencyBuckets, 0.95),
        batches: c('batchReads'),
      },
      runDurations,
      indexes: { expected: indexes.expected, missing: indexes.expected.filter((index) => !present.has(index)) },
    },
    ageHistogram: Object.fromEntries(ageBuckets.map((bucket) => [bucket, statistics.ageHistogram[bucket] ?? 0])),
  };
}

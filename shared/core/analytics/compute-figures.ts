import type { BatchStatistics } from './batch-statistics.ts';
import type {
  AnalyticsFigures,
  HealthFigures,
  IndexInventory,
  PerformanceFigures,
  RunHistoryEntry,
  StorageFigures,
  SummaryFigures,
  UsageFigures,
} from './figures.ts';
import { latencyPercentileMs, readCount } from './read-latency.ts';
import { runDurationsByJob } from './run-durations.ts';

const secondsPerDay = 86_400;

/** A rate, or null when there is nothing to measure it on (never NaN, never a misleading 0). */
function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

const sum = (values: Readonly<Record<string, number>>): number =>
  Object.values(values).reduce((total, value) => total + value, 0);

function summaryOf({ counts, mostRecentSessionAt }: BatchStatistics): SummaryFigures {
  return {
    totalLeads: counts.leadsSeen,
    leadsWithSessions: counts.leadsWithSessions,
    totalSessions: counts.sessions,
    activeSessions: counts.activeSessions,
    averageSessionsPerLead: rate(counts.sessions, counts.leadsWithSessions),
    mostRecentSessionAt,
  };
}

function usageOf({ counts, byLeadType }: BatchStatistics): UsageFigures {
  const averageAgeSeconds = rate(counts.sessionAgeSecondsSum, counts.sessionsWithValidCreatedAt);
  return {
    leadsWithActiveSession: counts.leadsWithActiveSession,
    leadsAccessedLast7Days: counts.leadsAccessedLast7Days,
    averageSessionAgeDays: averageAgeSeconds === null ? null : averageAgeSeconds / secondsPerDay,
    sessionsCreatedLast30Days: counts.sessionsCreatedLast30Days,
    sessionsCreatedInPeriod: counts.sessionsCreatedInPeriod,
    sessionsAccessedInPeriod: counts.sessionsAccessedInPeriod,
    byLeadType,
    sessionUtilizationRate: rate(counts.leadsWithActiveSession, counts.leadsWithSessions),
    leadsWithActiveSessionAccessedLast7Days: counts.leadsWithActiveSessionAccessedLast7Days,
    recentAccessRate: rate(counts.leadsWithActiveSessionAccessedLast7Days, counts.leadsWithActiveSession),
    activeSessionsUnusedFor14Days: counts.activeSessionsUnusedFor14Days,
    unusedActiveRate: rate(counts.activeSessionsUnusedFor14Days, counts.activeSessions),
  };
}

function healthOf({ counts, invalidByKind, orphanedByKind }: BatchStatistics): HealthFigures {
  const invalidSessions = sum(invalidByKind);
  const orphanedTotal = sum(orphanedByKind);
  const shapeProblems = counts.historyNotArray + counts.historyEntriesNotDocument + counts.browserSessionNotDocument;
  return {
    sessionHealthScore: rate(counts.validUnexpiredSessions, counts.sessions),
    expirationRate: rate(counts.expiredSessions, counts.sessions),
    validSessions: counts.validSessions,
    validUnexpiredSessions: counts.validUnexpiredSessions,
    expiredSessions: counts.expiredSessions,
    leadsWithSessionsExpiringWithin7Days: counts.leadsWithSessionsExpiringWithin7Days,
    leadsWithActiveSessionExpiringWithin7Days: counts.leadsWithActiveSessionExpiringWithin7Days,
    activeExpiringSoonRate: rate(counts.leadsWithActiveSessionExpiringWithin7Days, counts.leadsWithActiveSession),
    invalidSessions,
    invalidByKind,
    orphanedTotal,
    orphanedByKind,
    phantomBrowserSessions:
      orphanedByKind['phantom-default-browser-session'] + orphanedByKind['phantom-empty-browser-session'],
    historyNotArray: counts.historyNotArray,
    historyEntriesNotDocument: counts.historyEntriesNotDocument,
    browserSessionNotDocument: counts.browserSessionNotDocument,
    integrityProblems: invalidSessions + orphanedTotal + shapeProblems,
    leadsWithIntegrityProblems: counts.leadsWithIntegrityProblems,
    integrityProblemLeadRate: rate(counts.leadsWithIntegrityProblems, counts.leadsSeen),
    encryptedSessions: counts.encryptedSessions,
    malformedViewports: counts.malformedViewports,
    sessionsOverLimit: counts.sessionsOverLimit,
    repeatedHistoryEntries: counts.repeatedHistoryEntries,
  };
}

function storageOf({ counts, largestSessionBytes }: BatchStatistics): StorageFigures {
  return {
    storedBytes: counts.storedBytes,
    storedBytesPerLeadWithSessions: rate(counts.storedBytes, counts.leadsWithSessions),
    totalSessionBytes: counts.sessionBytes,
    averageSessionBytes: rate(counts.sessionBytes, counts.sessions),
    largestSessionBytes,
    sessionsOver50KB: counts.sessionsOver50KB,
    compressedSessions: counts.compressedSessions,
    compressedShare: rate(counts.compressedSessions, counts.sessions),
    compressedOriginalBytes: counts.compressedOriginalBytes,
    compressedStoredBytes: counts.compressedStoredBytes,
    compressionRatio: rate(counts.compressedOriginalBytes, counts.compressedStoredBytes),
    bytesSaved: counts.compressedOriginalBytes - counts.compressedStoredBytes,
    uncompressedOldSessions: counts.uncompressedOldSessions,
    compressionCandidates: counts.compressionCandidates,
    compressionCandidateBytes: counts.compressionCandidateBytes,
    compressionCandidateShare: rate(counts.compressionCandidates, counts.sessions),
  };
}

function performanceOf(
  statistics: BatchStatistics,
  runHistory: readonly RunHistoryEntry[],
  indexes: IndexInventory,
): PerformanceFigures {
  const present = new Set(indexes.present);
  const max = statistics.maxReadLatencyMs;
  // A bucket's upper bound may lie above the slowest read; the exact maximum is a tighter bound that still holds.
  const percentile = (fraction: number): number | null => {
    const bound = latencyPercentileMs(statistics.readLatencyHistogram, fraction);
    return bound === null || max === null ? bound : Math.min(bound, max);
  };
  return {
    readLatencyMs: {
      p50: percentile(0.5),
      p95: percentile(0.95),
      max,
      batches: readCount(statistics.readLatencyHistogram),
    },
    runDurations: runDurationsByJob(runHistory),
    indexes: { expected: [...indexes.expected], missing: indexes.expected.filter((index) => !present.has(index)) },
  };
}

/** The report's figures from the merged statistics of all batches, the run history and the index inventory. */
export function computeFigures(
  statistics: BatchStatistics,
  runHistory: readonly RunHistoryEntry[],
  indexes: IndexInventory,
): AnalyticsFigures {
  return {
    summary: summaryOf(statistics),
    usage: usageOf(statistics),
    health: healthOf(statistics),
    storage: storageOf(statistics),
    performance: performanceOf(statistics, runHistory, indexes),
    ageHistogram: statistics.ageHistogram,
  };
}

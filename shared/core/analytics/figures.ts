import type { AgeBucket, LeadTypeCounts } from './batch-statistics.ts';

/**
 * The figures of the monthly report, section by section (each defined, with its unit, in docs/analytics.md).
 * Counts are whole numbers; rates are fractions in [0, 1] and null (never NaN, never 0) when their denominator is 0;
 * sizes are BSON bytes; dates are ISO 8601 strings. Maps keyed by lead type or kind are typed open: a report read
 * back from storage may come from a version with other keys.
 */
export interface AnalyticsFigures {
  readonly summary: SummaryFigures;
  readonly usage: UsageFigures;
  readonly health: HealthFigures;
  readonly storage: StorageFigures;
  readonly performance: PerformanceFigures;
  /** Sessions per age bucket (age from `createdAt` at the run's reference time), youngest first. */
  readonly ageHistogram: Readonly<Record<AgeBucket, number>>;
}

export interface SummaryFigures {
  readonly totalLeads: number;
  readonly leadsWithSessions: number;
  readonly totalSessions: number;
  readonly activeSessions: number;
  readonly averageSessionsPerLead: number | null;
  readonly mostRecentSessionAt: string | null;
}

export interface UsageFigures {
  readonly leadsWithActiveSession: number;
  readonly leadsAccessedLast7Days: number;
  readonly averageSessionAgeDays: number | null;
  readonly sessionsCreatedLast30Days: number;
  readonly sessionsCreatedInPeriod: number;
  readonly sessionsAccessedInPeriod: number;
  /** Per `leadType` (the app's four and `unknown`). */
  readonly byLeadType: Readonly<Record<string, LeadTypeCounts>>;
  readonly sessionUtilizationRate: number | null;
  readonly leadsWithActiveSessionAccessedLast7Days: number;
  readonly recentAccessRate: number | null;
  readonly activeSessionsUnusedFor14Days: number;
  readonly unusedActiveRate: number | null;
}

export interface HealthFigures {
  readonly sessionHealthScore: number | null;
  readonly expirationRate: number | null;
  readonly validSessions: number;
  readonly validUnexpiredSessions: number;
  readonly expiredSessions: number;
  readonly leadsWithSessionsExpiringWithin7Days: number;
  readonly leadsWithActiveSessionExpiringWithin7Days: number;
  /** `leadsWithActiveSessionExpiringWithin7Days / leadsWithActiveSession`. */
  readonly activeExpiringSoonRate: number | null;
  readonly invalidSessions: number;
  /** Per `InvalidKind`. */
  readonly invalidByKind: Readonly<Record<string, number>>;
  readonly orphanedTotal: number;
  /** Per `OrphanedKind`. */
  readonly orphanedByKind: Readonly<Record<string, number>>;
  readonly phantomBrowserSessions: number;
  readonly historyNotArray: number;
  readonly historyEntriesNotDocument: number;
  readonly browserSessionNotDocument: number;
  readonly integrityProblems: number;
  readonly leadsWithIntegrityProblems: number;
  /** `leadsWithIntegrityProblems / totalLeads`. */
  readonly integrityProblemLeadRate: number | null;
  readonly encryptedSessions: number;
  readonly malformedViewports: number;
  readonly sessionsOverLimit: number;
  readonly repeatedHistoryEntries: number;
}

export interface StorageFigures {
  readonly storedBytes: number;
  /** `storedBytes / leadsWithSessions`: what a lead's session data weighs, whatever the number of leads. */
  readonly storedBytesPerLeadWithSessions: number | null;
  readonly totalSessionBytes: number;
  readonly averageSessionBytes: number | null;
  readonly largestSessionBytes: number;
  readonly sessionsOver50KB: number;
  readonly compressedSessions: number;
  readonly compressedShare: number | null;
  readonly compressedOriginalBytes: number;
  readonly compressedStoredBytes: number;
  readonly compressionRatio: number | null;
  readonly bytesSaved: number;
  readonly uncompressedOldSessions: number;
  readonly compressionCandidates: number;
  readonly compressionCandidateBytes: number;
  readonly compressionCandidateShare: number | null;
}

/** One job's runs in the run history the report was given. */
export interface RunDurationFigures {
  readonly count: number;
  readonly p50Ms: number | null;
  readonly maxMs: number | null;
  readonly lastStatus: string | null;
  readonly lastFinishedAt: string | null;
}

export interface PerformanceFigures {
  readonly readLatencyMs: {
    readonly p50: number | null;
    readonly p95: number | null;
    readonly max: number | null;
    readonly batches: number;
  };
  readonly runDurations: Readonly<Record<string, RunDurationFigures>>;
  readonly indexes: { readonly expected: readonly string[]; readonly missing: readonly string[] };
}

/** A finished run, as the run records list it (no identifier is needed or kept). */
export interface RunHistoryEntry {
  readonly job: string;
  readonly status: string;
  readonly durationMs: number;
  readonly finishedAt: string;
}

/** Index key paths the report checks, and those present on the collection. */
export interface IndexInventory {
  readonly expected: readonly string[];
  readonly present: readonly string[];
}

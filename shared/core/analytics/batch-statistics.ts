import { leadTypes, type InvalidKind, type LeadType } from '../session-model.ts';

/**
 * Every plain count the analytics folds over leads (definitions in docs/analytics.md). All are whole numbers, so
 * sums are exact (below 2^53) in any order: that is what makes merging associative and commutative.
 */
export const countNames = [
  'leadsSeen',
  'leadsWithSessions',
  'sessions',
  'activeSessions',
  'leadsWithActiveSession',
  'leadsAccessedLast7Days',
  'leadsWithActiveSessionAccessedLast7Days',
  'activeSessionsUnusedFor14Days',
  'sessionsWithValidCreatedAt',
  'sessionAgeSecondsSum',
  'sessionsCreatedLast30Days',
  'sessionsCreatedInPeriod',
  'sessionsAccessedInPeriod',
  'validSessions',
  'expiredSessions',
  'validUnexpiredSessions',
  'leadsWithSessionsExpiringWithin7Days',
  'leadsWithActiveSessionExpiringWithin7Days',
  'leadsWithIntegrityProblems',
  'encryptedSessions',
  'sessionsOverLimit',
  'repeatedHistoryEntries',
  'historyNotArray',
  'historyEntriesNotDocument',
  'browserSessionNotDocument',
  'malformedViewports',
  'storedBytes',
  'sessionBytes',
  'sessionsOver50KB',
  'compressedSessions',
  'compressedOriginalBytes',
  'compressedStoredBytes',
  'uncompressedOldSessions',
  'compressionCandidates',
  'compressionCandidateBytes',
] as const;
export type CountName = (typeof countNames)[number];

/** Why an entry or pointer is orphaned, with the two phantom shapes (contract 2.1 and 2.2) told apart. */
export const orphanedKinds = [
  'missing-session-id',
  'invalid-created-at',
  'phantom-default-browser-session',
  'phantom-empty-browser-session',
  'dangling-current-session-id',
] as const;
export type OrphanedKind = (typeof orphanedKinds)[number];

export const invalidKinds = [
  'cookies-not-array',
  'cookie-without-name-or-value',
  'local-storage-wrong-type',
  'session-storage-wrong-type',
] as const satisfies readonly InvalidKind[];

/** Session age buckets, youngest first: `[lower, upper)` in days, `>90d` from 90 days on, `unknown` without a date. */
export const ageBuckets = ['<1d', '1-7d', '7-14d', '14-30d', '30-60d', '60-90d', '>90d', 'unknown'] as const;
export type AgeBucket = (typeof ageBuckets)[number];

/** Lead types as counted: the app's four, and `unknown` for anything else (never the stored value itself). */
export const leadTypeKeys = [...leadTypes, 'unknown'] as const;
export type LeadTypeKey = LeadType | 'unknown';

export const leadTypeCountNames = ['leads', 'leadsWithSessions', 'sessions', 'activeSessions'] as const;
export type LeadTypeCounts = Readonly<Record<(typeof leadTypeCountNames)[number], number>>;

/**
 * The analytics of a set of leads: a plain JSON value (numbers, records of numbers, an ISO date or null), stored
 * per batch in MongoDB and merged by Finalize. `mergeStatistics` is associative and commutative and
 * `emptyStatistics()` is its identity, so how leads are cut into batches, and in which order batches finish, never
 * changes the report.
 */
export interface BatchStatistics {
  readonly counts: Readonly<Record<CountName, number>>;
  readonly byLeadType: Readonly<Record<LeadTypeKey, LeadTypeCounts>>;
  readonly invalidByKind: Readonly<Record<InvalidKind, number>>;
  readonly orphanedByKind: Readonly<Record<OrphanedKind, number>>;
  readonly ageHistogram: Readonly<Record<AgeBucket, number>>;
  /** Greatest valid `createdAt` of any session (ISO 8601), or null when no session has one. */
  readonly mostRecentSessionAt: string | null;
  /** Greatest session size (BSON bytes of its primary entry); 0 without sessions. */
  readonly largestSessionBytes: number;
  /** Batch read latencies, sparse: bucket index (see read-latency.ts) to number of batches. */
  readonly readLatencyHistogram: Readonly<Record<string, number>>;
  /** Slowest batch read in milliseconds, exact; null when no read was recorded. */
  readonly maxReadLatencyMs: number | null;
}

function zeros<Key extends string>(keys: readonly Key[]): Record<Key, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<Key, number>;
}

/** The statistics of no leads and no reads: the identity of `mergeStatistics`. */
export function emptyStatistics(): BatchStatistics {
  return {
    counts: zeros(countNames),
    byLeadType: Object.fromEntries(leadTypeKeys.map((type) => [type, zeros(leadTypeCountNames)])) as Record<
      LeadTypeKey,
      LeadTypeCounts
    >,
    invalidByKind: zeros(invalidKinds),
    orphanedByKind: zeros(orphanedKinds),
    ageHistogram: zeros(ageBuckets),
    mostRecentSessionAt: null,
    largestSessionBytes: 0,
    readLatencyHistogram: {},
    maxReadLatencyMs: null,
  };
}

/**
 * Adds two records key by key over a fixed key list. A key missing from a stored record (written by an older
 * version) counts as 0, so statistics from before a new count was added still merge.
 */
function addFixed<Key extends string>(
  keys: readonly Key[],
  a: Readonly<Partial<Record<Key, number>>> | undefined,
  b: Readonly<Partial<Record<Key, number>>> | undefined,
): Record<Key, number> {
  return Object.fromEntries(keys.map((key) => [key, (a?.[key] ?? 0) + (b?.[key] ?? 0)])) as Record<Key, number>;
}

/** Adds two sparse records over the union of their keys (integer keys: JS orders them numerically). */
function addSparse(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const sum: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + value;
  return sum;
}

/** The later of two ISO instants; on the same instant the lexicographically greater text, so the choice commutes. */
function laterInstant(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  const difference = Date.parse(a) - Date.parse(b);
  if (difference !== 0) return difference > 0 ? a : b;
  return a >= b ? a : b;
}

function larger(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/**
 * Merges the statistics of two disjoint sets of leads (and their reads): sums, maxima and histogram sums. Tolerates
 * a stored record that lacks a field a later version added (as 0, null or empty).
 */
export function mergeStatistics(a: BatchStatistics, b: BatchStatistics): BatchStatistics {
  return {
    counts: addFixed(countNames, a.counts, b.counts),
    byLeadType: Object.fromEntries(
      leadTypeKeys.map((type) => [type, addFixed(leadTypeCountNames, a.byLeadType?.[type], b.byLeadType?.[type])]),
    ) as Record<LeadTypeKey, LeadTypeCounts>,
    invalidByKind: addFixed(invalidKinds, a.invalidByKind, b.invalidByKind),
    orphanedByKind: addFixed(orphanedKinds, a.orphanedByKind, b.orphanedByKind),
    ageHistogram: addFixed(ageBuckets, a.ageHistogram, b.ageHistogram),
    mostRecentSessionAt: laterInstant(a.mostRecentSessionAt ?? null, b.mostRecentSessionAt ?? null),
    largestSessionBytes: Math.max(a.largestSessionBytes ?? 0, b.largestSessionBytes ?? 0),
    readLatencyHistogram: addSparse(a.readLatencyHistogram ?? {}, b.readLatencyHistogram ?? {}),
    maxReadLatencyMs: larger(a.maxReadLatencyMs ?? null, b.maxReadLatencyMs ?? null),
  };
}

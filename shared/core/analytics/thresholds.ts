/**
 * Every threshold a recommendation rule compares a figure with (docs/analytics.md lists each rule and why its
 * default is what it is). Every figure compared scales with the database: a share of leads or sessions, a figure per
 * lead, a ratio, a growth against the previous month, or a figure of one batch read. None is an absolute total, so
 * the same healthy database gets the same advice at 200 leads and at 200,000. Rates and growths are fractions
 * (0.25 is 25 %); a rule fires only strictly past its threshold.
 */
export interface RecommendationThresholds {
  /** Utilization: fires when `sessionUtilizationRate` is below (original system: 50 %). */
  readonly minUtilizationRate: number;
  /** Utilization: fires when `recentAccessRate` is below (original system: 30 %). */
  readonly minRecentAccessRate: number;
  /** Utilization: fires when `unusedActiveRate` (active, unused for 14+ days) is above. */
  readonly maxUnusedActiveRate: number;
  /** Health: fires when `sessionHealthScore` is below (original system: 70 %). */
  readonly minHealthScore: number;
  /**
   * Health: fires when `activeExpiringSoonRate` (leads whose active session expires within 7 days, among leads with
   * an active session) is above. Even if every lead had a single session captured at an even pace, 7 / 30 = 23 % of
   * them would be in their last week of a 30-day expiry; the current session is a lead's newest, so real databases
   * sit lower (about 6 % in the generator's healthy profile). Above 35 %, agents stopped refreshing them. The
   * original system fired on more than 10 leads, which any database past a few hundred leads exceeds however healthy.
   */
  readonly maxActiveExpiringSoonRate: number;
  /**
   * Health: fires when `integrityProblemLeadRate` (leads with an invalid session, an orphan, a phantom or a malformed
   * field, among all leads) is above. Mongoose puts a phantom `browserSession` back on every save of a lead without a
   * session until the next daily cleanup, so a small share is normal; the original fired on any single problem.
   */
  readonly maxIntegrityProblemLeadRate: number;
  /** Health: fires when `expirationRate` is above (expired sessions the daily cleanup has not removed yet). */
  readonly maxExpirationRate: number;
  /**
   * Performance: fires when leads with sessions hold more than this many on average. The original system compared
   * the total with 1,000, which every database past a few hundred leads exceeds however healthy: a figure per lead
   * keeps its meaning at any size.
   */
  readonly maxAverageSessionsPerLead: number;
  /**
   * Performance: fires when `storedBytesPerLeadWithSessions` grew by more than this fraction since the previous
   * month's report. The total grows with every new lead and says nothing; what a lead weighs grows only when the app
   * stores more per lead, which pushes documents towards MongoDB's 16 MiB limit. Silent without a previous report.
   */
  readonly maxMonthlyGrowthBytesPerLead: number;
  /**
   * Performance: fires when `compressionCandidateShare` is above. The monthly job (the 1st) can run up to six days
   * after the Sunday weekly run; the sessions that aged past `compressionAfterDays` since then are about 6 / 30 of a
   * 30-day expiry's sessions, 18 % in the healthy profile. A 20 % threshold would fire on a healthy database in some
   * months, so it is 30 %: above that, the weekly job is not keeping up.
   */
  readonly maxCompressionCandidateShare: number;
  /** Performance: fires when `compressionRatio` is below. */
  readonly minCompressionRatio: number;
  /** Performance: fires when more of the app's expected indexes than this are missing (a schema fact, not a size). */
  readonly maxMissingIndexes: number;
  /** Performance: fires when the batch read p95 (milliseconds, one batch of a fixed size) is above. */
  readonly maxReadLatencyP95Ms: number;
}

export const defaultThresholds: Readonly<RecommendationThresholds> = Object.freeze({
  minUtilizationRate: 0.5,
  minRecentAccessRate: 0.3,
  maxUnusedActiveRate: 0.25,
  minHealthScore: 0.7,
  maxActiveExpiringSoonRate: 0.35,
  maxIntegrityProblemLeadRate: 0.05,
  maxExpirationRate: 0.1,
  maxAverageSessionsPerLead: 8,
  maxMonthlyGrowthBytesPerLead: 0.25,
  maxCompressionCandidateShare: 0.3,
  minCompressionRatio: 1.5,
  maxMissingIndexes: 0,
  maxReadLatencyP95Ms: 1000,
});

const rateThresholds = new Set<string>([
  'minUtilizationRate',
  'minRecentAccessRate',
  'maxUnusedActiveRate',
  'minHealthScore',
  'maxActiveExpiringSoonRate',
  'maxIntegrityProblemLeadRate',
  'maxExpirationRate',
  'maxCompressionCandidateShare',
]);

/** Thresholds that compared absolute totals, and what replaced them: an override naming one says so. */
const retiredThresholds: Readonly<Record<string, string>> = {
  maxLeadsExpiringSoon: 'maxActiveExpiringSoonRate (a share of leads with an active session)',
  maxIntegrityProblems: 'maxIntegrityProblemLeadRate (a share of leads)',
};

/**
 * The defaults with the given overrides applied.
 * @throws RangeError naming the threshold when a name is unknown or retired, a value is not a finite number >= 0,
 *   or a rate is above 1: a typo must not silently keep the default.
 */
export function resolveThresholds(overrides: Partial<RecommendationThresholds> = {}): RecommendationThresholds {
  const resolved: Record<string, number> = { ...defaultThresholds };
  for (const [name, value] of Object.entries(overrides)) {
    const replacement = retiredThresholds[name];
    if (replacement !== undefined) {
      throw new RangeError(`recommendation threshold "${name}" was an absolute total; use ${replacement}`);
    }
    if (!(name in defaultThresholds)) throw new RangeError(`unknown recommendation threshold "${name}"`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`recommendation threshold ${name} must be a finite number >= 0, got ${String(value)}`);
    }
    if (rateThresholds.has(name) && value > 1) {
      throw new RangeError(`recommendation threshold ${name} is a rate: expected 0 to 1, got ${value}`);
    }
    resolved[name] = value;
  }
  return resolved as unknown as RecommendationThresholds;
}

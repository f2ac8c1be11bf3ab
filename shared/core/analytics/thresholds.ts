/**
 * Every threshold a recommendation rule compares a figure with. Rates are fractions in [0, 1]; counts are whole
 * numbers; a rule fires only strictly past its threshold (docs/analytics.md lists each rule).
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
  /** Health: fires when more leads than this have a session expiring within 7 days (original system: 10). */
  readonly maxLeadsExpiringSoon: number;
  /** Health: fires when `integrityProblems` is above. */
  readonly maxIntegrityProblems: number;
  /** Health: fires when `expirationRate` is above (expired sessions the daily cleanup has not removed yet). */
  readonly maxExpirationRate: number;
  /**
   * Performance: fires when leads with sessions hold more than this many on average. The original system compared
   * the total with 1,000, which every database past a few hundred leads exceeds however healthy: a figure per lead
   * keeps its meaning at any size.
   */
  readonly maxAverageSessionsPerLead: number;
  /** Performance: fires when `compressionCandidateShare` is above. */
  readonly maxCompressionCandidateShare: number;
  /** Performance: fires when `compressionRatio` is below. */
  readonly minCompressionRatio: number;
  /** Performance: fires when more expected indexes than this are missing. */
  readonly maxMissingIndexes: number;
  /** Performance: fires when the batch read p95 (milliseconds) is above. */
  readonly maxReadLatencyP95Ms: number;
}

export const defaultThresholds: Readonly<RecommendationThresholds> = Object.freeze({
  minUtilizationRate: 0.5,
  minRecentAccessRate: 0.3,
  maxUnusedActiveRate: 0.25,
  minHealthScore: 0.7,
  maxLeadsExpiringSoon: 10,
  maxIntegrityProblems: 0,
  maxExpirationRate: 0.1,
  maxAverageSessionsPerLead: 8,
  maxCompressionCandidateShare: 0.2,
  minCompressionRatio: 1.5,
  maxMissingIndexes: 0,
  maxReadLatencyP95Ms: 1000,
});

const rateThresholds = new Set<string>([
  'minUtilizationRate',
  'minRecentAccessRate',
  'maxUnusedActiveRate',
  'minHealthScore',
  'maxExpirationRate',
  'maxCompressionCandidateShare',
]);

/**
 * The defaults with the given overrides applied.
 * @throws RangeError naming the threshold when a name is unknown, a value is not a finite number >= 0, or a rate
 *   is above 1: a typo must not silently keep the default.
 */
export function resolveThresholds(overrides: Partial<RecommendationThresholds> = {}): RecommendationThresholds {
  const resolved: Record<string, number> = { ...defaultThresholds };
  for (const [name, value] of Object.entries(overrides)) {
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

import type { MaintenancePolicy } from '../config.ts';
import type { BatchStatistics } from './batch-statistics.ts';
import { computeFigures } from './compute-figures.ts';
import type { AnalyticsFigures, IndexInventory, RunHistoryEntry } from './figures.ts';
import { recommend, rulesNotEvaluated, type Recommendation, type RuleNotEvaluated } from './recommendations.ts';
import { resolveThresholds, type RecommendationThresholds } from './thresholds.ts';
import { earlierPeriodOf, trendsAgainst, type Trend } from './trends.ts';

type ReportPolicy = Pick<MaintenancePolicy, 'sessionExpiryDays' | 'compressionAfterDays' | 'maxSessionsPerLead'>;

/**
 * The monthly analytics report, JSON `schemaVersion: 1` (docs/analytics.md). Counts, rates, sizes and dates only:
 * no lead id, no session id, no cookie or storage value.
 */
export interface AnalyticsReport extends AnalyticsFigures {
  readonly schemaVersion: 1;
  /** The run's reference time: ages and "last N days" are measured from it. */
  readonly generatedAt: string;
  /** The report period, `[start, end)`: the previous calendar month (UTC). */
  readonly period: { readonly start: string; readonly end: string };
  readonly policy: ReportPolicy;
  /**
   * Key figures (`TrendFigureName`) against the previous month's report, or null when there is none for an earlier
   * period.
   */
  readonly trends: Readonly<Record<string, Trend>> | null;
  /** The period of the report the trends compare with, or null. */
  readonly previousPeriod: { readonly start: string; readonly end: string } | null;
  readonly recommendations: readonly Recommendation[];
  /**
   * Rules that had nothing to compare this month, with the reason (the growth rule without a previous month's
   * report). Absent from reports written before it was added.
   */
  readonly rulesNotEvaluated?: readonly RuleNotEvaluated[];
  /** The thresholds the recommendations used (defaults with this run's overrides). */
  readonly thresholds: RecommendationThresholds;
}

/** What the report is built from. */
export interface AnalyticsReportInput {
  /** The merged statistics of every batch. */
  readonly statistics: BatchStatistics;
  readonly now: Date;
  readonly period: { readonly start: Date; readonly end: Date };
  readonly policy: ReportPolicy;
  readonly thresholds?: Partial<RecommendationThresholds>;
  /** The previous monthly report, as stored (it may come from an older version). */
  readonly previous?: AnalyticsReport | null;
  readonly runHistory: readonly RunHistoryEntry[];
  readonly indexes: IndexInventory;
}

/** The calendar month before the one `now` falls in, in UTC: `[first day 00:00, first day of now's month 00:00)`. */
export function previousCalendarMonth(now: Date): { start: Date; end: Date } {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return { start, end };
}

/**
 * Builds the monthly report.
 *
 * 1. Compute the figures from the merged statistics, the run history and the index inventory.
 * 2. Compare the key figures with the previous report when it covers an earlier period.
 * 3. Apply the recommendation rules with the default thresholds and the given overrides; list the rules that had
 *    nothing to compare (the growth rule without a previous month).
 * @throws RangeError when a threshold override is unknown or out of range.
 */
export function buildAnalyticsReport(input: AnalyticsReportInput): AnalyticsReport {
  const thresholds = resolveThresholds(input.thresholds);
  const figures = computeFigures(input.statistics, input.runHistory, input.indexes);
  const previousPeriod = earlierPeriodOf(input.previous ?? null, input.period.start);
  const trends = previousPeriod === null ? null : trendsAgainst(figures, input.previous);
  return {
    schemaVersion: 1,
    generatedAt: input.now.toISOString(),
    period: { start: input.period.start.toISOString(), end: input.period.end.toISOString() },
    policy: {
      sessionExpiryDays: input.policy.sessionExpiryDays,
      compressionAfterDays: input.policy.compressionAfterDays,
      maxSessionsPerLead: input.policy.maxSessionsPerLead,
    },
    ...figures,
    trends,
    previousPeriod,
    recommendations: recommend(figures, thresholds, trends),
    rulesNotEvaluated: rulesNotEvaluated(trends),
    thresholds,
  };
}

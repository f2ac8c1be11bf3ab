import type { AnalyticsFigures } from './figures.ts';
import { growthUnknownReason, type TrendTable } from './month-over-month.ts';
import { recommendationRules } from './recommendation-rules.ts';
import type { RecommendationThresholds } from './thresholds.ts';

/** The three families the guide promises. */
export type RecommendationType = 'utilization' | 'health' | 'performance';
export type RecommendationPriority = 'high' | 'medium' | 'low';

/** The rules, by name (stable: dashboards and tests refer to them). */
export type RecommendationRuleName =
  | 'low-utilization'
  | 'low-recent-access'
  | 'active-sessions-unused'
  | 'poor-health'
  | 'sessions-expiring-soon'
  | 'integrity-problems'
  | 'high-expiration-rate'
  | 'many-sessions'
  | 'bytes-per-lead-growth'
  | 'sessions-worth-compressing'
  | 'low-compression-ratio'
  | 'missing-indexes'
  | 'slow-batch-reads';

/** One piece of advice; its description quotes the figure and the threshold that made it fire. */
export interface Recommendation {
  readonly type: RecommendationType;
  readonly priority: RecommendationPriority;
  readonly title: string;
  readonly description: string;
  readonly action: string;
}

const priorityRank: Readonly<Record<RecommendationPriority, number>> = { high: 0, medium: 1, low: 2 };

/** A rule that had nothing to compare this month, and why: the report says so instead of staying silently quiet. */
export interface RuleNotEvaluated {
  readonly rule: RecommendationRuleName;
  readonly reason: string;
}

/**
 * The recommendations for a month's figures, most urgent first (rule order within a priority). Every rule needs
 * data to fire: a rate without a denominator is null and fires nothing, the index and latency rules need leads, and
 * the growth rule needs the previous month's report, so an empty database gets none.
 */
export function recommend(
  figures: AnalyticsFigures,
  thresholds: RecommendationThresholds,
  trends: TrendTable | null = null,
): Recommendation[] {
  return Object.values(recommendationRules)
    .map((rule) => rule(figures, thresholds, trends))
    .filter((recommendation): recommendation is Recommendation => recommendation !== null)
    .map((recommendation, order) => ({ recommendation, order }))
    .sort(
      (a, b) => priorityRank[a.recommendation.priority] - priorityRank[b.recommendation.priority] || a.order - b.order,
    )
    .map(({ recommendation }) => recommendation);
}

/** The rules that could not compare anything this month (today only the month-over-month growth rule can lack data). */
export function rulesNotEvaluated(trends: TrendTable | null): RuleNotEvaluated[] {
  const reason = growthUnknownReason(trends);
  return reason === null ? [] : [{ rule: 'bytes-per-lead-growth', reason }];
}

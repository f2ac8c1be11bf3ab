import type { AnalyticsFigures } from './figures.ts';
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

/**
 * The recommendations for a month's figures, most urgent first (rule order within a priority). Every rule needs
 * data to fire: a rate without a denominator is null and fires nothing, and the index and latency rules need leads,
 * so an empty database gets none.
 */
export function recommend(figures: AnalyticsFigures, thresholds: RecommendationThresholds): Recommendation[] {
  return Object.values(recommendationRules)
    .map((rule) => rule(figures, thresholds))
    .filter((recommendation): recommendation is Recommendation => recommendation !== null)
    .map((recommendation, order) => ({ recommendation, order }))
    .sort(
      (a, b) => priorityRank[a.recommendation.priority] - priorityRank[b.recommendation.priority] || a.order - b.order,
    )
    .map(({ recommendation }) => recommendation);
}

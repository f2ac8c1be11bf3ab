/**
 * Monthly analytics as a pure, mergeable computation: per-lead statistics folded into batch statistics, merged by
 * Finalize, turned into the report with trends and recommendations. See docs/analytics.md.
 */
export * from './all-leads.ts';
export * from './batch-statistics.ts';
export * from './compute-figures.ts';
export * from './figures.ts';
export * from './lead-statistics.ts';
export * from './month-over-month.ts';
export * from './read-latency.ts';
export * from './recommendation-rules.ts';
export * from './recommendations.ts';
export * from './report.ts';
export * from './thresholds.ts';
export * from './trends.ts';

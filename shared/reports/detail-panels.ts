import type { AnalyticsReport } from '#shared/core/analytics/index.ts';
import { escapeHtml } from './escape-html.ts';
import {
  formatCount,
  formatDays,
  formatDuration,
  formatPercent,
  formatSampled,
  formatTimestamp,
} from '#shared/format/figures.ts';
import { badge, dataTable, figureTable, humanizeKey, panel } from './html-parts.ts';

/** How the leads used their sessions. */
export function usagePanel(analytics: AnalyticsReport): string {
  const { usage, summary } = analytics;
  return panel({
    title: 'Usage',
    hint: '“Recently” means within 7 days of the report’s reference time.',
    body: figureTable([
      ['Leads with an active session', formatCount(usage.leadsWithActiveSession)],
      ['Leads accessed in the last 7 days', formatCount(usage.leadsAccessedLast7Days)],
      ['Recent access rate (of leads with an active session)', formatPercent(usage.recentAccessRate)],
      ['Active sessions unused for 14 days or more', formatCount(usage.activeSessionsUnusedFor14Days)],
      ['Share of active sessions unused for 14 days or more', formatPercent(usage.unusedActiveRate)],
      ['Average session age', formatDays(usage.averageSessionAgeDays)],
      ['Sessions created in the last 30 days', formatCount(usage.sessionsCreatedLast30Days)],
      ['Sessions created in the period', formatCount(usage.sessionsCreatedInPeriod)],
      ['Sessions accessed in the period', formatCount(usage.sessionsAccessedInPeriod)],
      ['Most recent session', formatTimestamp(summary.mostRecentSessionAt)],
    ]),
  });
}

function indexSummary(analytics: AnalyticsReport): string {
  const { expected, missing } = analytics.performance.indexes;
  if (expected.length === 0) return '<p class="hint">No expected indexes were declared.</p>';
  if (missing.length === 0) {
    return `<p>${badge('All present', 'good')} ${escapeHtml(`${formatCount(expected.length)} expected indexes`)}</p>`;
  }
  const names = missing.map((name) => `<code>${escapeHtml(name)}</code>`).join(', ');
  return `<p>${badge(`${formatCount(missing.length)} missing`, 'bad')} ${names}</p>`;
}

/** Batch read latency, run durations from the run history, and the expected indexes. */
export function performancePanel(analytics: AnalyticsReport): string {
  const { readLatencyMs, runDurations } = analytics.performance;
  const latency = figureTable([
    // A percentile of two batches is not one of two thousand: each carries its sample size.
    [
      'Batch read latency, median (p50)',
      formatSampled(formatDuration(readLatencyMs.p50), readLatencyMs.batches, 'batch', 'batches'),
    ],
    [
      'Batch read latency, p95',
      formatSampled(formatDuration(readLatencyMs.p95), readLatencyMs.batches, 'batch', 'batches'),
    ],
    ['Batch read latency, slowest', formatDuration(readLatencyMs.max)],
    ['Batches measured', formatCount(readLatencyMs.batches)],
  ]);
  const jobs = Object.entries(runDurations).sort(([a], [b]) => a.localeCompare(b));
  const durations =
    jobs.length === 0
      ? '<p class="hint">No earlier runs in the run history.</p>'
      : dataTable(
          ['Job', 'Runs', 'Median', 'Longest', 'Last status'],
          jobs.map(([job, figures]) => [
            job,
            formatCount(figures.count),
            formatDuration(figures.p50Ms),
            formatDuration(figures.maxMs),
            figures.lastStatus === null ? 'n/a' : humanizeKey(figures.lastStatus.toLowerCase()),
          ]),
        );
  return panel({
    title: 'Performance',
    hint: 'Percentiles are upper bounds of log-scale buckets (at most 9 % above the true value).',
    body: `${latency}<h3>Run durations</h3>${durations}<h3>Expected indexes on leads</h3>${indexSummary(analytics)}`,
  });
}

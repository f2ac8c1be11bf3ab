import type { AnalyticsReport } from '#shared/core/analytics/index.ts';
import type { RunReport } from '#shared/jobs/run-report.ts';
import { ageDistributionPanel, healthPanel, leadTypePanel, storagePanel } from './chart-panels.ts';
import { performancePanel, usagePanel } from './detail-panels.ts';
import { escapeHtml } from './escape-html.ts';
import { formatCount, formatDuration, formatMonth, formatTimestamp } from '#shared/format/figures.ts';
import { headlineCards } from './headline-cards.ts';
import { badge, humanizeKey, type Tone } from './html-parts.ts';
import { pageStyle } from './page-style.ts';
import { recommendationPanel } from './recommendation-list.ts';
import { trendPanel } from './trend-section.ts';

/** The run facts the page shows next to the analytics. */
export type MonthlyRun = Pick<RunReport, 'runId' | 'status' | 'finishedAt' | 'durationMs'>;

/**
 * No script, no external request: the page is opened from S3 links and mail attachments, so it allows only its own
 * inline styles (and data: images, should a chart ever need one).
 */
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const statusTones: Readonly<Record<string, Tone>> = {
  COMPLETED: 'good',
  COMPLETED_WITH_ERRORS: 'warning',
  FAILED: 'bad',
  RUNNING: 'info',
};

/** `[start, end)` as the inclusive dates people expect: `2026-10-01 – 2026-10-31`. */
function periodRange(period: AnalyticsReport['period']): string {
  const start = new Date(period.start);
  const end = new Date(new Date(period.end).getTime() - 1);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return 'n/a';
  return `${start.toISOString().slice(0, 10)} – ${end.toISOString().slice(0, 10)}`;
}

function header(analytics: AnalyticsReport, run: MonthlyRun, month: string): string {
  const status = badge(humanizeKey(run.status.toLowerCase()), statusTones[run.status] ?? 'neutral');
  const facts: readonly (readonly [string, string])[] = [
    ['Run', `<code class="run-id">${escapeHtml(run.runId)}</code>`],
    ['Status', status],
    ['Period', escapeHtml(periodRange(analytics.period))],
    ['Finished', escapeHtml(formatTimestamp(run.finishedAt))],
    ['Duration', escapeHtml(formatDuration(run.durationMs))],
  ];
  return [
    '<header class="report-header"><div>',
    '<p class="eyebrow">Monthly session analytics</p>',
    `<h1>${escapeHtml(month)}</h1>`,
    '</div>',
    `<dl class="run-meta">${facts.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>`,
    '</header>',
  ].join('');
}

function footer(analytics: AnalyticsReport): string {
  const { policy } = analytics;
  const settings =
    `Session expiry ${formatCount(policy.sessionExpiryDays)} days, compression after ` +
    `${formatCount(policy.compressionAfterDays)} days, at most ${formatCount(policy.maxSessionsPerLead)} sessions per lead.`;
  return [
    '<footer>',
    '<p>How every figure is defined: see <a>docs/analytics.md</a> in the repository. Sessions are counted once ',
    '(the current session stored twice is one session); phantom browser sessions are not sessions. Rates without ',
    'a denominator are shown as n/a.</p>',
    `<p>${escapeHtml(settings)} Generated ${escapeHtml(formatTimestamp(analytics.generatedAt))}.</p>`,
    '</footer>',
  ].join('');
}

/**
 * The monthly analytics report as one self-contained HTML page: headline cards, server-rendered SVG charts, trends
 * against the previous month, recommendations. Every text from the data is escaped; the page needs no script.
 */
export function renderMonthlyReportHtml(analytics: AnalyticsReport, run: MonthlyRun): string {
  const month = formatMonth(analytics.period.start);
  const title = `Session analytics ${month} · ${run.runId}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${pageStyle}</style>`,
    '</head><body><main>',
    header(analytics, run, month),
    headlineCards(analytics),
    '<div class="panels">',
    ageDistributionPanel(analytics),
    leadTypePanel(analytics),
    healthPanel(analytics),
    storagePanel(analytics),
    trendPanel(analytics),
    recommendationPanel(analytics),
    usagePanel(analytics),
    performancePanel(analytics),
    '</div>',
    footer(analytics),
    '</main></body></html>',
    '',
  ].join('\n');
}

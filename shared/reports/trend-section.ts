import type { AnalyticsReport, Trend } from '#shared/core/analytics/index.ts';
import { escapeHtml } from './escape-html.ts';
import { formatMonth } from '#shared/format/figures.ts';
import { emptyNote, panel } from './html-parts.ts';
import { comparisonBars, type ComparisonRow } from './svg-charts.ts';
import { chartedTrendNames, describeTrend, formatFigure, formatFigureChange, type Better } from './trend-figures.ts';

function isShownAsZero(shownChange: string): boolean {
  return /^[^1-9]*$/.test(shownChange);
}

/** A change that shows as zero, without a sign: `0.0 pp`, not `−0.0 pp`. */
function unsigned(shownChange: string): string {
  return isShownAsZero(shownChange) ? shownChange.replace(/^[+−]/, '') : shownChange;
}

/** The arrow and its colour class: green when the figure moved the right way, red when the wrong way. */
function direction(
  change: number | null,
  better: Better,
  shownChange: string,
): { arrow: string; className: string; words: string } {
  if (change === null || !Number.isFinite(change)) return { arrow: '·', className: 'flat', words: 'unknown' };
  // A change too small to show (`+0.0 pp`) is no change to the reader: no arrow up or down for it.
  if (isShownAsZero(shownChange)) return { arrow: '→', className: 'flat', words: 'unchanged' };
  const up = change > 0;
  const verdict = better === 'either' ? '' : (up ? better === 'up' : better === 'down') ? ' better' : ' worse';
  return { arrow: up ? '▲' : '▼', className: `${up ? 'up' : 'down'}${verdict}`, words: up ? 'up' : 'down' };
}

interface MonthNames {
  readonly current: string;
  readonly previous: string;
}

function trendTable(entries: readonly (readonly [string, Trend])[], months: MonthNames): string {
  const rows = entries.map(([name, trend]) => {
    const figure = describeTrend(name);
    const change = formatFigureChange(figure.kind, trend.change);
    const moved = direction(trend.change, figure.better, change);
    return [
      `<tr><th scope="row">${escapeHtml(figure.label)}</th>`,
      `<td class="number">${escapeHtml(formatFigure(figure.kind, trend.previous))}</td>`,
      `<td class="number">${escapeHtml(formatFigure(figure.kind, trend.current))}</td>`,
      `<td class="number ${moved.className}"><span aria-label="${moved.words}">${moved.arrow}</span> `,
      `${escapeHtml(unsigned(change))}</td></tr>`,
    ].join('');
  });
  const head = [
    '<tr><th>Figure</th>',
    `<th class="number">${escapeHtml(months.previous)}</th>`,
    `<th class="number">${escapeHtml(months.current)}</th>`,
    '<th class="number">Change</th></tr>',
  ].join('');
  return `<table class="trends"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function comparisonRow(name: string, trend: Trend): ComparisonRow {
  const figure = describeTrend(name);
  return {
    label: figure.label,
    current: trend.current ?? 0,
    previous: trend.previous,
    currentLabel: formatFigure(figure.kind, trend.current),
    previousLabel: formatFigure(figure.kind, trend.previous),
  };
}

/** This month against the previous month's report: paired bars and a table with arrows, or a note when none exists. */
export function trendPanel(analytics: AnalyticsReport): string {
  if (analytics.trends === null) {
    return panel({
      title: 'Trend against the previous month',
      body: emptyNote('No previous report: trends start with next month’s report.'),
      wide: true,
    });
  }
  const trends: Readonly<Record<string, Trend>> = analytics.trends;
  const entries = Object.entries(trends);
  // An older report may lack the previous period: the months are then named by their role.
  const previousStart = analytics.previousPeriod?.start;
  const months: MonthNames = {
    current: formatMonth(analytics.period.start),
    previous: previousStart === undefined ? 'Previous month' : formatMonth(previousStart),
  };
  const charted = chartedTrendNames.flatMap((name) => {
    const trend = trends[name];
    return trend === undefined || trend.current === null ? [] : [comparisonRow(name, trend)];
  });
  const chart = comparisonBars({
    title: 'This month against the previous month',
    description: 'Headline figures this month (upper bar) and in the previous month’s report (lower bar).',
    rows: charted,
    currentName: months.current,
    previousName: months.previous,
  });
  return panel({
    title: `Trend against ${months.previous}`,
    hint: 'Each pair of bars has its own scale. Green arrows mark a change for the better, red for the worse.',
    body: `<div class="trend-layout">${chart}${trendTable(entries, months)}</div>`,
    wide: true,
  });
}

import { describe, expect, it } from 'vitest';
import type { AnalyticsReport, Trend } from '#shared/core/analytics/index.ts';
import { trendPanel } from '#shared/reports/trend-section.ts';
import { busyMonthReport, emptyDatabaseReport } from './analytics-fixtures.ts';
import { countElements, unbalancedTags } from './markup-check.ts';

function withTrends(trends: Readonly<Record<string, Trend>>): AnalyticsReport {
  return { ...busyMonthReport(), trends: trends as AnalyticsReport['trends'] };
}

/** The change cell of the table row named `label`. */
function changeCell(html: string, label: string): string {
  const row = html.split('<tr>').find((part) => part.startsWith(`<th scope="row">${label}</th>`));
  if (row === undefined) throw new Error(`no row ${label}`);
  return row.slice(row.lastIndexOf('<td'));
}

describe('trendPanel', () => {
  it('says there is no previous report when the trends are null', () => {
    // Act
    const html = trendPanel(emptyDatabaseReport());

    // Assess
    expect(html).toContain('No previous report');
    expect(html).not.toContain('<svg');
  });

  it('names the compared months in the legend and the table', () => {
    // Act
    const html = trendPanel(busyMonthReport());

    // Assess
    expect(html).toContain('<h2>Trend against September 2026</h2>');
    expect(html).toContain('<th class="number">September 2026</th><th class="number">October 2026</th>');
    expect(unbalancedTags(html)).toEqual([]);
  });

  it.each([
    ['a rise of a figure that should fall', 'integrityProblems', 'Integrity problems', 10, 13, 'up worse', '▲ +3'],
    ['a fall of a figure that should fall', 'expirationRate', 'Expiration rate', 0.3, 0.25, 'down better', '▼ −5.0 pp'],
    ['a rise of a figure that should rise', 'sessionHealthScore', 'Health score', 0.6, 0.7, 'up better', '▲ +10.0 pp'],
    ['a change of a neutral figure', 'totalSessions', 'Total sessions', 100, 90, 'down', '▼ −10'],
    ['a change too small to show', 'compressionRatio', 'Compression ratio', 3.2, 3.19999, 'flat', '→ 0.0×'],
  ])('marks %s', (_case, name, label, previous, current, className, shown) => {
    // Prepare
    const report = withTrends({ [name]: { previous, current, change: current - previous } });

    // Act
    const cell = changeCell(trendPanel(report), label);

    // Assess
    expect(cell).toContain(`class="number ${className}"`);
    expect(cell.replace(/<[^>]+>/g, '')).toBe(shown);
  });

  it('shows n/a without an arrow when the previous report lacks a figure', () => {
    // Prepare
    const report = withTrends({ totalSessions: { previous: null, current: 12, change: null } });

    // Act
    const html = trendPanel(report);

    // Assess
    expect(changeCell(html, 'Total sessions').replace(/<[^>]+>/g, '')).toBe('· n/a');
    expect(countElements(html, 'rect', 'bar')).toBe(1);
  });

  it('shows a figure the page does not know under a readable name', () => {
    // Prepare
    const report = withTrends({ sessionsRestoredByAgents: { previous: 5, current: 8, change: 3 } });

    // Act
    const html = trendPanel(report);

    // Assess
    expect(changeCell(html, 'Sessions restored by agents').replace(/<[^>]+>/g, '')).toBe('▲ +3');
  });
});

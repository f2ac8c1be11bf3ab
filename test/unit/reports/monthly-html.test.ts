import { describe, expect, it } from 'vitest';
import type { AnalyticsReport } from '#shared/core/analytics/index.ts';
import { renderMonthlyReportHtml } from '#shared/reports/monthly-html.ts';
import { busyMonthReport, emptyDatabaseReport, monthlyRun } from './analytics-fixtures.ts';
import { countElements, nonFiniteAttributes, unbalancedTags } from './markup-check.ts';

/** The markup of the chart whose `<title>` is `title`. */
function chartTitled(html: string, title: string): string {
  const chart = html.split('<svg ').find((part) => part.includes(`<title>${title}</title>`));
  if (chart === undefined) throw new Error(`no chart titled ${title}`);
  return chart.slice(0, chart.indexOf('</svg>'));
}

describe('renderMonthlyReportHtml', () => {
  it('renders a well-formed, self-contained page that allows only inline styles', () => {
    // Act
    const html = renderMonthlyReportHtml(busyMonthReport(), monthlyRun);

    // Assess
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(unbalancedTags(html)).toEqual([]);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).not.toMatch(/<script|<link|<img|\ssrc=|\shref=/i);
    const urls = html.match(/https?:\/\/[^\s"']+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
  });

  it('titles the page with the month and the run id, and shows the run status', () => {
    // Act
    const html = renderMonthlyReportHtml(busyMonthReport(), { ...monthlyRun, status: 'COMPLETED_WITH_ERRORS' });

    // Assess
    expect(html).toContain('<title>Session analytics October 2026 · monthly-20261101T030000Z</title>');
    expect(html).toContain('<h1>October 2026</h1>');
    expect(html).toContain('<code class="run-id">monthly-20261101T030000Z</code>');
    expect(html).toContain('<span class="badge warning">Completed with errors</span>');
    expect(html).toContain('2026-10-01 – 2026-10-31');
    expect(html).toContain('41.5 s');
  });

  it('keeps the run id on one line at any width, and names problem kinds in words', () => {
    const report = busyMonthReport();
    const html = renderMonthlyReportHtml(report, monthlyRun);
    expect(html).toContain(`<code class="run-id">${monthlyRun.runId}</code>`);
    expect(html).toMatch(/code\.run-id \{ white-space: nowrap;/);
    expect(html).not.toMatch(/Orphaned: Invalid created at|Invalid: Cookies not array/);
    if ((report.health.orphanedByKind['invalid-created-at'] ?? 0) > 0) {
      expect(html).toContain('Orphaned: sessions without a valid creation date');
    }
  });

  it('shows the headline figures formatted for people', () => {
    // Act
    const html = renderMonthlyReportHtml(busyMonthReport(), monthlyRun);

    // Assess
    const cards = html.slice(html.indexOf('<section class="cards"'), html.indexOf('</section>'));
    const values = [...cards.matchAll(/<div class="value">([^<]*)<\/div>/g)].map(([, value]) => value);
    expect(values).toEqual(['12,345', '4,321', '65.1 %', '46.3 %', '27.3 %', '32.4 %', '4.5 MiB']);
    expect(html).toContain('45.0 MiB');
    expect(html).toContain('3.4×');
  });

  it('draws a bar per age bucket, per lead type and per health count', () => {
    // Act
    const html = renderMonthlyReportHtml(busyMonthReport(), monthlyRun);

    // Assess
    expect(countElements(chartTitled(html, 'Session age distribution'), 'rect', 'bar')).toBe(8);
    expect(countElements(chartTitled(html, 'Sessions by lead type'), 'rect', 'bar')).toBe(4);
    expect(countElements(chartTitled(html, 'Sessions by health'), 'rect', 'bar')).toBe(4);
    expect(countElements(chartTitled(html, 'Compressed and uncompressed sessions'), 'circle', 'slice')).toBe(2);
    expect(nonFiniteAttributes(html)).toEqual([]);
  });

  it('orders lead types by sessions, largest first', () => {
    // Act
    const chart = chartTitled(renderMonthlyReportHtml(busyMonthReport(), monthlyRun), 'Sessions by lead type');

    // Assess
    const labels = [...chart.matchAll(/<title>([a-z]+): [\d,]+<\/title>/g)].map(([, type]) => type);
    expect(labels).toEqual(['ftd', 'filler', 'cold', 'live']);
  });

  it('compares with the previous month in paired bars and a table with arrows', () => {
    // Act
    const html = renderMonthlyReportHtml(busyMonthReport(), monthlyRun);

    // Assess
    // Eight headline trends are charted, one of them without a previous value: 7 pairs and a lone bar.
    expect(countElements(chartTitled(html, 'This month against the previous month'), 'rect', 'bar')).toBe(15);
    expect(html).toMatch(/<td class="number up"><span aria-label="up">▲<\/span> \+1,345<\/td>/);
    expect(html).toMatch(/<td class="number down worse"><span aria-label="down">▼<\/span> −6\.9 pp<\/td>/);
    expect(html).toMatch(/<td class="number flat"><span aria-label="unchanged">→<\/span> 0\.0 pp<\/td>/);
  });

  it('lists recommendations most urgent first, each with its priority badge', () => {
    // Prepare
    const report = busyMonthReport();
    const shuffled: AnalyticsReport = { ...report, recommendations: [...report.recommendations].reverse() };

    // Act
    const html = renderMonthlyReportHtml(shuffled, monthlyRun);

    // Assess
    const items = [...html.matchAll(/<li class="(\w+)"><div class="recommendation-title"><span class="badge (\w+)">/g)];
    const rank = { high: 0, medium: 1, low: 2 } as const;
    const priorities = items.map(([, priority]) => priority as keyof typeof rank);
    expect(new Set(priorities)).toEqual(new Set(['high', 'medium', 'low']));
    expect(priorities).toEqual([...priorities].sort((a, b) => rank[a] - rank[b]));
    const tones = { high: 'bad', medium: 'warning', low: 'info' } as const;
    expect(items.map(([, , tone]) => tone)).toEqual(priorities.map((priority) => tones[priority]));
    expect(html).toContain(`Recommendations (${report.recommendations.length})`);
  });

  it('says which rules could not compare this month, and only then', () => {
    const firstMonth = renderMonthlyReportHtml(emptyDatabaseReport(), monthlyRun);
    expect(firstMonth).toContain(
      'Not evaluated: bytes-per-lead-growth (no monthly report for an earlier month to compare with).',
    );
    expect(renderMonthlyReportHtml(busyMonthReport(), monthlyRun)).not.toContain('Not evaluated');
  });

  it('shows null rates as n/a', () => {
    // Prepare
    const report = busyMonthReport();
    const withoutRatio: AnalyticsReport = { ...report, storage: { ...report.storage, compressionRatio: null } };

    // Act
    const html = renderMonthlyReportHtml(withoutRatio, monthlyRun);

    // Assess
    expect(html).toContain('compression ratio n/a');
    expect(html).toMatch(/<th scope="row">Compression ratio<\/th><td class="number">n\/a<\/td>/);
  });

  it('escapes text from the data: lead types, recommendations, index names and the run id', () => {
    // Prepare
    const report = busyMonthReport();
    const hostile = '<script>alert("x")</script>';
    const tampered: AnalyticsReport = {
      ...report,
      // A stored report is JSON: a foreign lead type can reach the page even though the type says otherwise.
      usage: {
        ...report.usage,
        byLeadType: { [hostile]: { leads: 1, leadsWithSessions: 1, sessions: 1, activeSessions: 0 } } as never,
      },
      performance: { ...report.performance, indexes: { expected: [hostile], missing: [hostile] } },
      recommendations: report.recommendations.map((recommendation) => ({
        ...recommendation,
        title: hostile,
        description: hostile,
        action: hostile,
      })),
    };

    // Act
    const html = renderMonthlyReportHtml(tampered, { ...monthlyRun, runId: `run-${hostile}` });

    // Assess
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(unbalancedTags(html)).toEqual([]);
  });

  describe('for an empty database', () => {
    it('renders without NaN, undefined or Infinity anywhere', () => {
      // Act
      const html = renderMonthlyReportHtml(emptyDatabaseReport(), monthlyRun);

      // Assess
      expect(html).not.toMatch(/NaN|undefined|Infinity/);
      expect(nonFiniteAttributes(html)).toEqual([]);
      expect(unbalancedTags(html)).toEqual([]);
    });

    it('shows zero counts, n/a rates, no trends and no recommendations', () => {
      // Act
      const html = renderMonthlyReportHtml(emptyDatabaseReport(), monthlyRun);

      // Assess
      const cards = html.slice(html.indexOf('<section class="cards"'), html.indexOf('</section>'));
      const values = [...cards.matchAll(/<div class="value">([^<]*)<\/div>/g)].map(([, value]) => value);
      expect(values).toEqual(['0', '0', 'n/a', 'n/a', 'n/a', 'n/a', '0 B']);
      expect(html).toContain('No previous report');
      expect(html).toContain('No recommendations');
    });

    it('draws flat bars and empty rings rather than leaving charts out', () => {
      // Act
      const html = renderMonthlyReportHtml(emptyDatabaseReport(), monthlyRun);

      // Assess
      expect(countElements(chartTitled(html, 'Session age distribution'), 'rect', 'bar')).toBe(8);
      expect(countElements(chartTitled(html, 'Sessions by lead type'), 'rect', 'bar')).toBe(4);
      expect(countElements(chartTitled(html, 'Session health score'), 'path', 'gauge-track')).toBe(1);
      expect(countElements(chartTitled(html, 'Session health score'), 'path', 'gauge-value')).toBe(0);
      expect(countElements(chartTitled(html, 'Compressed and uncompressed sessions'), 'circle', 'donut-track')).toBe(1);
    });
  });
});

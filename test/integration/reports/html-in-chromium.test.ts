import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMonthlyReportHtml } from '#shared/reports/monthly-html.ts';
import { launchChromium } from '../../support/chromium.ts';
import { generatedMonthlyReport } from './generated-analytics.ts';

const screenshotPath = resolve('test-output/monthly-report.png');
/** What the page reports about each chart: how many shapes it has, and how many of them are visible. */
interface DrawnChart {
  readonly kind: string;
  readonly label: string;
  readonly shapes: number;
  readonly visibleShapes: number;
}

describe('the monthly HTML report in Chromium', () => {
  let browser: Browser;
  let workDirectory: string;

  beforeAll(async () => {
    browser = await launchChromium();
    workDirectory = await mkdtemp(join(tmpdir(), 'monthly-report-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
  });

  it('renders a realistic report without errors and draws every chart', async () => {
    // Prepare
    const analytics = generatedMonthlyReport();
    const html = renderMonthlyReportHtml(analytics, {
      runId: 'monthly-20261101T030000Z',
      status: 'COMPLETED',
      finishedAt: '2026-11-01T03:00:41.512Z',
      durationMs: 41_512,
    });
    const file = join(workDirectory, 'monthly-report.html');
    await writeFile(file, html, 'utf8');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`request: ${request.url()}`);
    });

    // Act
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const charts = await page.evaluate((): DrawnChart[] =>
      Array.from(document.querySelectorAll('svg.chart')).map((svg) => {
        const shapes = Array.from(svg.querySelectorAll('rect, path, circle'));
        const visible = shapes.filter((shape) => {
          const box = shape.getBoundingClientRect();
          return box.width > 0 && box.height > 0;
        });
        return {
          kind: svg.getAttribute('class') ?? '',
          label: svg.querySelector('title')?.textContent ?? '',
          shapes: shapes.length,
          visibleShapes: visible.length,
        };
      }),
    );
    const headline = await page.locator('h1').textContent();
    await mkdir(resolve('test-output'), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    await page.close();

    // Assess
    expect(problems).toEqual([]);
    expect(headline).toBe('October 2026');
    expect(charts.map((chart) => chart.label)).toEqual([
      'Session age distribution',
      'Sessions by lead type',
      'Session health score',
      'Sessions by health',
      'Compressed and uncompressed sessions',
      'Compressed payloads, before and after',
      'This month against the previous month',
    ]);
    for (const chart of charts) expect(chart.visibleShapes, chart.label).toBeGreaterThan(0);
    const bars = charts.find((chart) => chart.label === 'Session age distribution');
    expect(bars?.visibleShapes).toBeGreaterThanOrEqual(5);
  });
});

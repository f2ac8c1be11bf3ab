import { describe, expect, it } from 'vitest';
import type { RunReport } from '#shared/jobs/run-report.ts';
import { describeReport } from '#local/cli/report-show-command.ts';
import { busyMonthReport, emptyDatabaseReport } from '../reports/analytics-fixtures.ts';

const locator = { report: async (key: string) => `/reports/${key}`, html: async (key: string) => `/reports/${key}` };

function monthlyReport(analytics: RunReport['analytics']): RunReport {
  return {
    schemaVersion: 1,
    runId: 'monthly-20261101T040000Z',
    job: 'monthly',
    status: 'COMPLETED',
    trigger: 'schedule',
    dryRun: false,
    scheduledTime: '2026-11-01T04:00:00.000Z',
    parameters: {},
    startedAt: '2026-11-01T04:00:00.000Z',
    finishedAt: '2026-11-01T04:00:41.000Z',
    durationMs: 41_000,
    batches: { planned: 1, succeeded: 1, failed: [] },
    counts: {},
    analytics,
    locations: { report: 'monthly/2026/11/01/monthly-20261101T040000Z.json' },
    failure: null,
  };
}

describe('report show: the recommendations part', () => {
  it('lists each recommendation, and names the rules that had nothing to compare', async () => {
    const analytics = busyMonthReport();
    const lines = await describeReport(monthlyReport(analytics), locator);
    const shown = lines.filter((line) => /^ {2}\[(high|medium|low)\] /.test(line));
    expect(shown).toHaveLength(analytics.recommendations.length);
    for (const skipped of analytics.rulesNotEvaluated ?? [])
      expect(lines).toContain(`  not evaluated: ${skipped.rule} (${skipped.reason})`);
  });

  it('says so when no rule fired, and names the growth rule in a first month', async () => {
    const analytics = emptyDatabaseReport();
    expect(analytics.recommendations).toEqual([]);
    const lines = await describeReport(monthlyReport(analytics), locator);
    expect(lines).toContain('  no recommendations: every figure is within its threshold');
    expect(analytics.rulesNotEvaluated?.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.startsWith('  not evaluated: '))).toHaveLength(
      analytics.rulesNotEvaluated?.length ?? 0,
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  archiveKey,
  archivePrefix,
  latestReportHtmlKey,
  latestReportKey,
  monthlyReportPrefix,
  planKey,
  reportHtmlKey,
  reportKey,
} from '#shared/storage/keys.ts';
import type { ReportJob } from '#shared/storage/keys.ts';
import { keyIsSafe } from '#shared/storage/object-store.ts';

const runId = 'daily-20261128T020000Z';
const startedAt = new Date('2026-11-28T02:00:03.123Z');

describe('report keys', () => {
  it('dates a report by the day the run started', () => {
    // Act
    const key = reportKey('daily', runId, startedAt);

    // Assess
    expect(key).toBe('reports/daily/2026/11/28/daily-20261128T020000Z.json');
  });

  it('puts the HTML page next to the JSON report', () => {
    expect(reportHtmlKey('monthly', 'monthly-20261201T040000Z', new Date('2026-12-01T04:00:00Z'))).toBe(
      'reports/monthly/2026/12/01/monthly-20261201T040000Z.html',
    );
  });

  it.each([
    ['late evening west of UTC is already the next UTC day', '2026-11-27T23:30:00-05:00', 'reports/weekly/2026/11/28/'],
    [
      'early morning east of UTC is still the previous UTC day',
      '2026-01-01T01:00:00+02:00',
      'reports/weekly/2025/12/31/',
    ],
  ])('uses the UTC date: %s', (_case, isoTime, expectedDirectory) => {
    // Act
    const key = reportKey('weekly', runId, new Date(isoTime));

    // Assess
    expect(key).toBe(`${expectedDirectory}${runId}.json`);
  });

  it('keeps the latest report of each job under reports/latest', () => {
    expect(latestReportKey('weekly')).toBe('reports/latest/weekly.json');
    expect(latestReportHtmlKey('monthly')).toBe('reports/latest/monthly.html');
  });

  it('lists the monthly reports of a month under a zero-padded prefix', () => {
    expect(monthlyReportPrefix(2026, 3)).toBe('reports/monthly/2026/03/');
  });

  it('builds a monthly prefix that matches the keys of that month', () => {
    // Prepare
    const key = reportKey('monthly', 'monthly-20260301T040000Z', new Date('2026-03-01T04:00:00Z'));

    // Act
    const prefix = monthlyReportPrefix(2026, 3);

    // Assess
    expect(key.startsWith(prefix)).toBe(true);
  });

  it('refuses an invalid start date', () => {
    expect(() => reportKey('daily', runId, new Date('not a date'))).toThrow(/invalid start date/);
  });

  it.each([
    [2026, 0],
    [2026, 13],
    [2026, 1.5],
    [26, 1],
  ])('refuses the month %i-%i', (year, month) => {
    expect(() => monthlyReportPrefix(year, month)).toThrow(/invalid report (year|month)/);
  });
});

describe('plan and archive keys', () => {
  it('numbers dry-run plans by batch with five digits', () => {
    expect(planKey(runId, 7)).toBe('plans/daily-20261128T020000Z/batch-00007.json.gz');
  });

  it('numbers archived batches with five digits under the run prefix', () => {
    // Act
    const key = archiveKey(runId, 1234);

    // Assess
    expect(key).toBe('archive/daily-20261128T020000Z/batch-01234.bson.br');
    expect(key.startsWith(archivePrefix(runId))).toBe(true);
  });

  it('sorts archived batches in batch order', () => {
    // Prepare
    const indexes = [10, 2, 100, 0, 99_999];

    // Act
    const sortedKeys = indexes.map((index) => archiveKey(runId, index)).sort();

    // Assess
    expect(sortedKeys).toEqual([0, 2, 10, 100, 99_999].map((index) => archiveKey(runId, index)));
  });

  it.each([-1, 1.5, 100_000, Number.NaN])('refuses the batch index %s', (batchIndex) => {
    expect(() => planKey(runId, batchIndex)).toThrow(`invalid batch index ${batchIndex}`);
    expect(() => archiveKey(runId, batchIndex)).toThrow(`invalid batch index ${batchIndex}`);
  });
});

describe('key validation', () => {
  it.each(['', '../etc', 'a/../b', 'run id', 'run/1', 'run.1', 'x'.repeat(81), 'run\0', 'rün'])(
    'refuses the run id %j',
    (badRunId) => {
      expect(() => archivePrefix(badRunId)).toThrow(`invalid run id ${JSON.stringify(badRunId)}`);
      expect(() => planKey(badRunId, 0)).toThrow(/invalid run id/);
      expect(() => reportKey('daily', badRunId, startedAt)).toThrow(/invalid run id/);
    },
  );

  it('accepts a run id of 80 characters, the execution name limit', () => {
    expect(archivePrefix('a'.repeat(80))).toBe(`archive/${'a'.repeat(80)}/`);
  });

  it.each(['hourly', '', '../daily', 'Daily'])('refuses the job %j', (job) => {
    expect(() => reportKey(job as ReportJob, runId, startedAt)).toThrow(`invalid job ${JSON.stringify(job)}`);
    expect(() => latestReportKey(job as ReportJob)).toThrow(/invalid job/);
  });

  it('builds only keys that both stores accept', () => {
    // Prepare
    const keys = [
      reportKey('daily', runId, startedAt),
      reportHtmlKey('monthly', runId, startedAt),
      latestReportKey('weekly'),
      latestReportHtmlKey('monthly'),
      planKey(runId, 0),
      archiveKey(runId, 0),
    ];

    // Act
    const unsafe = keys.filter((key) => !keyIsSafe(key));

    // Assess
    expect(unsafe).toEqual([]);
  });
});

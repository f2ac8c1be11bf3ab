import { calculateObjectSize } from 'bson';
import { describe, expect, it } from 'vitest';
import {
  buildAnalyticsReport,
  emptyStatistics,
  previousCalendarMonth,
  recordReadLatency,
  type AnalyticsReport,
  type AnalyticsReportInput,
  type BatchStatistics,
} from '#shared/core/analytics/index.ts';
import { lead, phantomBrowserSession, session } from '../../support/lead-fixtures.ts';
import { before, fixtureContext, statisticsOf } from './collect-helpers.ts';

const indexes = { expected: ['currentSessionId', 'sessionHistory.sessionId'], present: ['_id_', 'currentSessionId'] };

function reportOf(statistics: BatchStatistics, extra: Partial<AnalyticsReportInput> = {}): AnalyticsReport {
  const { now, period, policy } = fixtureContext;
  return buildAnalyticsReport({ statistics, now, period, policy, runHistory: [], indexes, ...extra });
}

describe('buildAnalyticsReport: definitions', () => {
  it('counts the current session stored twice once and a phantom never', () => {
    // Prepare
    const statistics = statisticsOf([
      lead({ current: session('current', { ageDays: 2 }), history: [session('older', { ageDays: 3 })] }),
      lead({ browserSession: phantomBrowserSession() }),
    ]);
    // Act
    const report = reportOf(statistics);
    // Assess
    expect(report.summary).toMatchObject({
      totalLeads: 2,
      leadsWithSessions: 1,
      totalSessions: 2,
      activeSessions: 1,
      averageSessionsPerLead: 2,
    });
    expect(report.health.phantomBrowserSessions).toBe(1);
    expect(report.usage.sessionUtilizationRate).toBe(1);
  });

  it('gives the scale-free figures the rules compare: shares of leads and bytes per lead with sessions', () => {
    // Prepare: four leads; the second's active session expires in 5 days, the third carries a phantom.
    const history = [session('kept', { ageDays: 3 }), session('old-copy', { ageDays: 26 })];
    const documents = [
      lead({ current: session('fresh', { ageDays: 1 }), history }),
      lead({ current: session('ageing', { ageDays: 25 }) }),
      lead({ browserSession: phantomBrowserSession() }),
      lead({}),
    ];
    // An independent count: the BSON bytes of every stored entry that holds a session.
    const sessionEntryBytes = documents
      .flatMap((document) => [document.browserSession, ...(document.sessionHistory as unknown[])])
      .filter(
        (entry): entry is Record<string, unknown> => typeof (entry as { sessionId?: unknown })?.sessionId === 'string',
      )
      .reduce((sum, entry) => sum + calculateObjectSize(entry), 0);
    // Act
    const report = reportOf(statisticsOf(documents));
    // Assess
    expect(report.health).toMatchObject({
      leadsWithSessionsExpiringWithin7Days: 2,
      leadsWithActiveSessionExpiringWithin7Days: 1,
      activeExpiringSoonRate: 1 / 2,
      leadsWithIntegrityProblems: 1,
      integrityProblemLeadRate: 1 / 4,
    });
    expect(report.storage.storedBytesPerLeadWithSessions).toBe(sessionEntryBytes / 2);
  });

  it('scores health as valid unexpired sessions over all sessions, excluding expired, invalid and undated ones', () => {
    const report = reportOf(
      statisticsOf([
        lead({
          history: [
            session('fine', { ageDays: 1 }),
            session('expired', { ageDays: 40 }),
            session('invalid', { ageDays: 2, cookies: 'sid=1' }),
            session('undated', { createdAt: 'yesterday' }),
          ],
        }),
      ]),
    );
    expect(report.health).toMatchObject({
      sessionHealthScore: 1 / 4,
      expirationRate: 1 / 4,
      validSessions: 2,
      validUnexpiredSessions: 1,
      invalidSessions: 1,
      integrityProblems: 2,
    });
  });

  it('gives null rates (not NaN, not 0) and null dates on an empty database', () => {
    const report = reportOf(emptyStatistics());
    expect(report.summary).toMatchObject({ averageSessionsPerLead: null, mostRecentSessionAt: null });
    expect(report.usage).toMatchObject({
      averageSessionAgeDays: null,
      sessionUtilizationRate: null,
      recentAccessRate: null,
      unusedActiveRate: null,
    });
    expect(report.health).toMatchObject({ sessionHealthScore: null, expirationRate: null });
    expect(report.storage).toMatchObject({
      averageSessionBytes: null,
      compressedShare: null,
      compressionRatio: null,
      compressionCandidateShare: null,
    });
    expect(report.performance.readLatencyMs).toEqual({ p50: null, p95: null, max: null, batches: 0 });
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
  });

  it('averages session age in days and bytes per session', () => {
    const report = reportOf(
      statisticsOf([lead({ history: [session('a', { ageDays: 1 }), session('b', { ageDays: 3 })] })]),
    );
    expect(report.usage.averageSessionAgeDays).toBe(2);
    expect(report.storage.averageSessionBytes).toBe(report.storage.totalSessionBytes / 2);
  });

  it('derives the compression ratio and the bytes saved from compressed sessions', () => {
    const empty = emptyStatistics();
    const counts = {
      ...empty.counts,
      sessions: 4,
      compressedSessions: 1,
      compressedOriginalBytes: 9000,
      compressedStoredBytes: 3000,
    };
    expect(reportOf({ ...empty, counts }).storage).toMatchObject({
      compressedShare: 0.25,
      compressionRatio: 3,
      bytesSaved: 6000,
    });
  });

  it('lists the expected indexes that are missing', () => {
    expect(reportOf(emptyStatistics()).performance.indexes).toEqual({
      expected: ['currentSessionId', 'sessionHistory.sessionId'],
      missing: ['sessionHistory.sessionId'],
    });
  });

  it('summarizes run durations per job: count, median, longest, status of the latest', () => {
    const run = (job: string, durationMs: number, finishedAt: string, status = 'COMPLETED') => ({
      job,
      status,
      durationMs,
      finishedAt,
    });
    const report = reportOf(emptyStatistics(), {
      runHistory: [
        run('daily', 3000, '2026-11-27T02:00:03.000Z', 'COMPLETED_WITH_ERRORS'),
        run('daily', 1000, '2026-11-25T02:00:01.000Z'),
        run('weekly', 9000, '2026-11-22T03:00:09.000Z'),
        run('daily', 2000, '2026-11-26T02:00:02.000Z'),
      ],
    });
    expect(report.performance.runDurations).toEqual({
      daily: {
        count: 3,
        p50Ms: 2000,
        maxMs: 3000,
        lastStatus: 'COMPLETED_WITH_ERRORS',
        lastFinishedAt: '2026-11-27T02:00:03.000Z',
      },
      weekly: {
        count: 1,
        p50Ms: 9000,
        maxMs: 9000,
        lastStatus: 'COMPLETED',
        lastFinishedAt: '2026-11-22T03:00:09.000Z',
      },
    });
  });

  it('derives read latency percentiles from the batches’ merged histogram', () => {
    const statistics = Array.from({ length: 100 }, (_, index) => index + 1).reduce(
      recordReadLatency,
      emptyStatistics(),
    );
    const { readLatencyMs } = reportOf(statistics).performance;
    expect(readLatencyMs.batches).toBe(100);
    expect(readLatencyMs.max).toBe(100);
    expect(readLatencyMs.p50).toBeGreaterThanOrEqual(50);
    expect(readLatencyMs.p50).toBeLessThanOrEqual(50 * 2 ** (1 / 8));
    expect(readLatencyMs.p95).toBeGreaterThanOrEqual(95);
    expect(readLatencyMs.p95).toBeLessThanOrEqual(95 * 2 ** (1 / 8));
  });

  it('never reports a percentile above the slowest read', () => {
    const statistics = [85, 140].reduce(recordReadLatency, emptyStatistics());
    expect(reportOf(statistics).performance.readLatencyMs).toMatchObject({ p95: 140, max: 140 });
  });

  it('records the period, the policy and the thresholds it used', () => {
    const report = reportOf(emptyStatistics(), { thresholds: { maxAverageSessionsPerLead: 5000 } });
    expect(report).toMatchObject({
      schemaVersion: 1,
      generatedAt: '2026-11-28T02:00:00.000Z',
      period: { start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z' },
      policy: { sessionExpiryDays: 30, compressionAfterDays: 7, maxSessionsPerLead: 10 },
    });
    expect(report.thresholds.maxAverageSessionsPerLead).toBe(5000);
  });
});

describe('buildAnalyticsReport: trends', () => {
  const october = statisticsOf([lead({ history: [session('a', { ageDays: 2 })] })]);
  const november = statisticsOf([
    lead({ history: [session('a', { ageDays: 2 }), session('b', { createdAt: before(40) })] }),
  ]);
  const previousPeriod = { start: new Date('2026-09-01T00:00:00Z'), end: new Date('2026-10-01T00:00:00Z') };

  it('compares key figures with the previous month’s report', () => {
    // Prepare
    const previous = reportOf(october, { period: previousPeriod });
    // Act
    const report = reportOf(november, { previous });
    // Assess
    expect(report.previousPeriod).toEqual({ start: '2026-09-01T00:00:00.000Z', end: '2026-10-01T00:00:00.000Z' });
    expect(report.trends?.totalSessions).toEqual({ current: 2, previous: 1, change: 1 });
    expect(report.trends?.expirationRate).toEqual({ current: 0.5, previous: 0, change: 0.5 });
    expect(report.trends?.averageSessionsPerLead).toEqual({ current: 2, previous: 1, change: 1 });
  });

  it('has no trends without a previous report', () => {
    expect(reportOf(november)).toMatchObject({ trends: null, previousPeriod: null });
    expect(reportOf(november, { previous: null })).toMatchObject({ trends: null, previousPeriod: null });
  });

  it('has no trends against a report for the same month (a re-run)', () => {
    const sameMonth = reportOf(october);
    expect(reportOf(november, { previous: sameMonth }).trends).toBeNull();
  });

  it('leaves a figure the previous report lacks (older version) unknown instead of failing', () => {
    const previous = reportOf(october, { period: previousPeriod });
    const older = { ...previous, summary: { totalSessions: 1 } } as unknown as AnalyticsReport;
    const report = reportOf(november, { previous: older });
    expect(report.trends?.totalSessions).toEqual({ current: 2, previous: 1, change: 1 });
    expect(report.trends?.leadsWithSessions).toEqual({ current: 1, previous: null, change: null });
  });
});

describe('previousCalendarMonth', () => {
  it.each([
    ['2026-11-01T04:00:00.000Z', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
    ['2026-01-15T12:00:00.000Z', '2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
    ['2028-03-01T00:00:00.000Z', '2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z'],
    ['2026-12-31T23:59:59.999Z', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
  ])('for %s is [%s, %s) in UTC', (now, start, end) => {
    const month = previousCalendarMonth(new Date(now));
    expect({ start: month.start.toISOString(), end: month.end.toISOString() }).toEqual({ start, end });
  });
});

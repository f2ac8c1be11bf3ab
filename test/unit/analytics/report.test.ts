import { ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import {
  buildAnalyticsReport,
  collectLeadStatistics,
  defaultThresholds,
  emptyStatistics,
  mergeStatistics,
  previousCalendarMonth,
  recordReadLatency,
  type BatchStatistics,
} from '#shared/core/analytics/index.ts';
import { digestLead } from '#shared/core/session-digest.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { generateLeadArray } from '#shared/generator/index.ts';
import { lead, now, phantomBrowserSession, session } from '../../support/lead-fixtures.ts';

const policy = { sessionExpiryDays: 30, compressionAfterDays: 7, maxSessionsPerLead: 10 };
const period = previousCalendarMonth(now);
const statisticsOf = (documents: Record<string, unknown>[]): BatchStatistics =>
  documents
    .map((document) => collectLeadStatistics(classifyLead(digestLead(document)), { now, policy, period }))
    .reduce(mergeStatistics, emptyStatistics());
const allIndexes = { expected: ['currentSessionId'], present: ['_id', 'currentSessionId'] };
const report = (statistics: BatchStatistics, extra: Partial<Parameters<typeof buildAnalyticsReport>[0]> = {}) =>
  buildAnalyticsReport({ statistics, now, period, policy, runHistory: [], indexes: allIndexes, ...extra });

describe('buildAnalyticsReport: definitions', () => {
  it('counts the current session stored twice once, and never a phantom', () => {
    const result = report(
      statisticsOf([
        lead({ current: session('c', { ageDays: 2 }), history: [session('h', { ageDays: 3 })] }),
        lead({ browserSession: phantomBrowserSession() }),
      ]),
    );
    expect(result.summary).toMatchObject({
      totalSessions: 2,
      leadsWithSessions: 1,
      activeSessions: 1,
      averageSessionsPerLead: 2,
    });
    expect(result.health.phantomBrowserSessions).toBe(1);
    expect(result.usage.sessionUtilizationRate).toBe(1);
  });

  it('scores health as valid and unexpired sessions over all sessions', () => {
    const result = report(
      statisticsOf([
        lead({
          history: [
            session('ok', { ageDays: 1 }),
            session('old', { ageDays: 40 }),
            session('bad', { ageDays: 2, cookies: 'x' }),
            session('undated', { createdAt: 'x' }),
          ],
        }),
      ]),
    );
    expect(result.health.sessionHealthScore).toBe(1 / 4);
    expect(result.health.expirationRate).toBe(1 / 4);
    expect(result.health.invalidByKind).toEqual({ 'cookies-not-array': 1 });
    expect(result.health.orphanedByKind).toEqual({ 'invalid-created-at': 1 });
  });

  it('gives null rates, not NaN or 0, and no recommendation on an empty database', () => {
    const result = report(emptyStatistics());
    expect(result.summary.averageSessionsPerLead).toBeNull();
    expect(result.usage.sessionUtilizationRate).toBeNull();
    expect(result.health.sessionHealthScore).toBeNull();
    expect(result.storage.compressionRatio).toBeNull();
    expect(result.performance.readLatencyMs).toEqual({ p50: null, p95: null, batches: 0 });
    expect(result.recommendations).toEqual([]);
    expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
  });

  it('computes trends against the previous report', () => {
    const previous = report(statisticsOf([lead({ history: [session('a')] })]));
    const current = report(statisticsOf([lead({ history: [session('a'), session('b')] })]), { previous });
    expect(current.trends?.totalSessions).toEqual({ current: 2, previous: 1, change: 1 });
    expect(report(emptyStatistics()).trends).toBeNull();
  });

  it('derives read latency percentiles from the merged histogram', () => {
    let statistics = emptyStatistics();
    for (let i = 1; i <= 100; i += 1) statistics = recordReadLatency(statistics, i);
    const { p50, p95 } = report(statistics).performance.readLatencyMs;
    expect(p50).toBeGreaterThanOrEqual(50);
    expect(p50).toBeLessThan(50 * 1.2);
    expect(p95).toBeGreaterThanOrEqual(95);
    expect(p95).toBeLessThan(95 * 1.2);
  });

  it('lists expected indexes that are missing', () => {
    expect(
      report(emptyStatistics(), {
        indexes: { expected: ['currentSessionId', 'sessionHistory.sessionId'], present: ['currentSessionId'] },
      }).performance.indexes.missing,
    ).toEqual(['sessionHistory.sessionId']);
  });

  it('contains no lead id and no session value', () => {
    const documents = generateLeadArray({ seed: 4, leadCount: 50, now });
    const text = JSON.stringify(report(statisticsOf(documents)));
    for (const document of documents.slice(0, 10)) expect(text).not.toContain((document._id as ObjectId).toHexString());
    expect(text).not.toMatch(/persist:root|eyJ/);
  });
});

describe('recommendations', () => {
  const at = (utilization: number) => {
    const leads = Array.from({ length: 100 }, (_, i) =>
      lead({ history: [session(`s${i}`, { ageDays: 1, isActive: i < utilization })] }),
    );
    return report(statisticsOf(leads)).recommendations.map((r) => r.title);
  };

  it('fires "Low session utilization" just below 50 % and not at 50 %', () => {
    expect(at(49)).toContain('Low session utilization');
    expect(at(50)).not.toContain('Low session utilization');
  });

  it.each([
    ['Poor session health', { minHealthScore: 0.99 }],
    ['Large number of stored sessions', { maxTotalSessions: 1 }],
    ['Sessions expiring soon', { maxLeadsExpiringSoon: -1 }],
    ['Active sessions rarely accessed', { minRecentAccessShareOfActive: 1.01 }],
  ])('makes "%s" fire when its threshold is crossed', (title, thresholds) => {
    // Healthy enough for every default threshold: 3 of 4 sessions valid and unexpired, the active one used yesterday.
    const statistics = statisticsOf([
      lead({
        history: [
          session('a', { ageDays: 25, isActive: true, lastAccessedDaysAgo: 1 }),
          session('b', { ageDays: 3 }),
          session('c', { ageDays: 4 }),
          session('d', { ageDays: 40 }),
        ],
      }),
    ]);
    expect(report(statistics).recommendations.map((r) => r.title)).not.toContain(title);
    expect(report(statistics, { thresholds }).recommendations.map((r) => r.title)).toContain(title);
  });

  it('quotes the real figure and gives every recommendation a type, priority and action', () => {
    const statistics = statisticsOf(
      Array.from({ length: 4 }, (_, i) => lead({ history: [session(`x${i}`, { isActive: false })] })),
    );
    const [first] = report(statistics).recommendations;
    expect(first).toMatchObject({ type: 'utilization', priority: 'medium', title: 'Low session utilization' });
    expect(first?.description).toContain('0.0 %');
    expect(defaultThresholds.minUtilizationRate).toBe(0.5);
  });
});

describe('previousCalendarMonth', () => {
  it.each([
    ['2026-11-01T04:00:00Z', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
    ['2026-01-15T00:00:00Z', '2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
  ])('for %s is [%s, %s)', (at, start, end) => {
    const month = previousCalendarMonth(new Date(at));
    expect([month.start.toISOString(), month.end.toISOString()]).toEqual([start, end]);
  });
});

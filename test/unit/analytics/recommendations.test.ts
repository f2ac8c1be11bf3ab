import { describe, expect, it } from 'vitest';
import {
  buildAnalyticsReport,
  computeFigures,
  defaultThresholds,
  emptyStatistics,
  recommend,
  recommendationRules,
  recordReadLatency,
  resolveThresholds,
  rulesNotEvaluated,
  trendsAgainst,
  type AnalyticsFigures,
  type TrendTable,
  type BatchStatistics,
  type RecommendationRuleName,
} from '#shared/core/analytics/index.ts';
import { fixtureContext } from './collect-helpers.ts';

const indexes = {
  expected: ['currentSessionId', 'sessionHistory.sessionId'],
  present: ['_id_', 'currentSessionId', 'sessionHistory.sessionId'],
};

/** A database every default threshold is happy with. */
function healthyFigures(): AnalyticsFigures {
  const empty = emptyStatistics();
  const statistics: BatchStatistics = {
    ...empty,
    counts: {
      ...empty.counts,
      leadsSeen: 100,
      leadsWithSessions: 80,
      sessions: 200,
      activeSessions: 80,
      leadsWithActiveSession: 70,
      leadsAccessedLast7Days: 65,
      leadsWithActiveSessionAccessedLast7Days: 60,
      activeSessionsUnusedFor14Days: 5,
      validSessions: 195,
      validUnexpiredSessions: 190,
      expiredSessions: 5,
      leadsWithSessionsExpiringWithin7Days: 3,
      sessionBytes: 2_000_000,
      compressedSessions: 50,
      compressedOriginalBytes: 300_000,
      compressedStoredBytes: 100_000,
      compressionCandidates: 10,
    },
  };
  return computeFigures([100, 120, 90].reduce(recordReadLatency, statistics), [], indexes);
}

type Section = 'summary' | 'usage' | 'health' | 'storage' | 'performance';
function withFigure(section: Section, name: string, value: unknown): AnalyticsFigures {
  const figures = healthyFigures();
  return { ...figures, [section]: { ...figures[section], [name]: value } };
}
const withP95 = (p95: number): AnalyticsFigures => {
  const figures = healthyFigures();
  return {
    ...figures,
    performance: { ...figures.performance, readLatencyMs: { ...figures.performance.readLatencyMs, p95 } },
  };
};
const withMissing = (missing: string[]): AnalyticsFigures => {
  const figures = healthyFigures();
  return { ...figures, performance: { ...figures.performance, indexes: { expected: indexes.expected, missing } } };
};

interface RuleCase {
  readonly rule: RecommendationRuleName;
  readonly type: string;
  readonly atThreshold: AnalyticsFigures;
  readonly justPast: AnalyticsFigures;
  readonly quoted: string;
  /** The month-over-month comparison, for the growth rule: at the threshold, then just past it. */
  readonly trends?: readonly [TrendTable, TrendTable];
}

/** Trends against a previous report in which leads with sessions stored `previous` bytes each, now `current`. */
function bytesPerLeadTrends(previous: number, current: number): TrendTable {
  const figures = healthyFigures();
  const earlier = {
    ...figures,
    summary: { ...figures.summary, leadsWithSessions: 1000 },
    storage: { ...figures.storage, storedBytes: previous * 1000 },
  };
  const now = {
    ...figures,
    summary: { ...figures.summary, leadsWithSessions: 2000 },
    storage: { ...figures.storage, storedBytes: current * 2000 },
  };
  return trendsAgainst(now, earlier);
}

const ruleCases: readonly RuleCase[] = [
  {
    rule: 'low-utilization',
    type: 'utilization',
    atThreshold: withFigure('usage', 'sessionUtilizationRate', 0.5),
    justPast: withFigure('usage', 'sessionUtilizationRate', 0.4999),
    quoted: '49.99 %',
  },
  {
    rule: 'low-recent-access',
    type: 'utilization',
    atThreshold: withFigure('usage', 'recentAccessRate', 0.3),
    justPast: withFigure('usage', 'recentAccessRate', 0.2999),
    quoted: '29.99 %',
  },
  {
    rule: 'active-sessions-unused',
    type: 'utilization',
    atThreshold: withFigure('usage', 'unusedActiveRate', 0.25),
    justPast: withFigure('usage', 'unusedActiveRate', 0.2501),
    quoted: '25.01 %',
  },
  {
    rule: 'poor-health',
    type: 'health',
    atThreshold: withFigure('health', 'sessionHealthScore', 0.7),
    justPast: withFigure('health', 'sessionHealthScore', 0.6999),
    quoted: '69.99 %',
  },
  {
    rule: 'sessions-expiring-soon',
    type: 'health',
    atThreshold: withFigure('health', 'activeExpiringSoonRate', 0.35),
    justPast: withFigure('health', 'activeExpiringSoonRate', 0.3501),
    quoted: '35.01 %',
  },
  {
    rule: 'integrity-problems',
    type: 'health',
    atThreshold: withFigure('health', 'integrityProblemLeadRate', 0.05),
    justPast: withFigure('health', 'integrityProblemLeadRate', 0.0501),
    quoted: '5.01 %',
  },
  {
    rule: 'high-expiration-rate',
    type: 'health',
    atThreshold: withFigure('health', 'expirationRate', 0.1),
    justPast: withFigure('health', 'expirationRate', 0.1001),
    quoted: '10.01 %',
  },
  {
    rule: 'many-sessions',
    type: 'performance',
    atThreshold: withFigure('summary', 'averageSessionsPerLead', 8),
    justPast: withFigure('summary', 'averageSessionsPerLead', 8.01),
    quoted: '8.01 sessions on average',
  },
  {
    rule: 'bytes-per-lead-growth',
    type: 'performance',
    atThreshold: healthyFigures(),
    justPast: healthyFigures(),
    trends: [bytesPerLeadTrends(10_000, 12_500), bytesPerLeadTrends(10_000, 12_501)],
    quoted: '25.01 % more than the previous month’s 9.8 KiB',
  },
  {
    rule: 'sessions-worth-compressing',
    type: 'performance',
    atThreshold: withFigure('storage', 'compressionCandidateShare', 0.3),
    justPast: withFigure('storage', 'compressionCandidateShare', 0.3001),
    quoted: '30.01 %',
  },
  {
    rule: 'low-compression-ratio',
    type: 'performance',
    atThreshold: withFigure('storage', 'compressionRatio', 1.5),
    justPast: withFigure('storage', 'compressionRatio', 1.4999),
    quoted: '1.4999×',
  },
  {
    rule: 'missing-indexes',
    type: 'performance',
    atThreshold: withMissing([]),
    justPast: withMissing(['sessionHistory.sessionId']),
    quoted: 'sessionHistory.sessionId',
  },
  {
    rule: 'slow-batch-reads',
    type: 'performance',
    atThreshold: withP95(1000),
    justPast: withP95(1024),
    quoted: '1,024 ms',
  },
];

describe('recommendation rules', () => {
  it('stay silent on a healthy database (the baseline of the table below)', () => {
    expect(recommend(healthyFigures(), defaultThresholds)).toEqual([]);
  });

  it('are all covered by the table below', () => {
    expect(ruleCases.map((c) => c.rule).sort()).toEqual(Object.keys(recommendationRules).sort());
  });

  it.each(ruleCases)('$rule is silent exactly at its threshold', ({ rule, atThreshold, trends }) => {
    expect(recommendationRules[rule](atThreshold, defaultThresholds, trends?.[0] ?? null)).toBeNull();
  });

  it.each(ruleCases)('$rule fires just past its threshold, quoting $quoted', (ruleCase) => {
    // Prepare
    const { rule, type, justPast, quoted } = ruleCase;
    const trends = ruleCase.trends?.[1] ?? null;
    // Act
    const recommendation = recommendationRules[rule](justPast, defaultThresholds, trends);
    // Assess
    expect(recommendation).toMatchObject({ type });
    expect(recommendation?.description).toContain(quoted);
    expect(recommendation?.action.length).toBeGreaterThan(10);
    expect(recommend(justPast, defaultThresholds, trends)).toEqual([recommendation]);
  });

  it('say when the growth rule had no previous month to compare with, and stay silent', () => {
    expect(recommend(healthyFigures(), defaultThresholds, null)).toEqual([]);
    expect(rulesNotEvaluated(null)).toEqual([
      { rule: 'bytes-per-lead-growth', reason: 'no monthly report for an earlier month to compare with' },
    ]);
    expect(rulesNotEvaluated(trendsAgainst(healthyFigures(), { summary: {} }))).toEqual([
      { rule: 'bytes-per-lead-growth', reason: 'the previous report has no stored bytes per lead with sessions' },
    ]);
    expect(rulesNotEvaluated(bytesPerLeadTrends(10_000, 12_501))).toEqual([]);
  });

  it('compute the growth from an older report’s stored bytes and leads with sessions', () => {
    // A report written before storedBytesPerLeadWithSessions existed still has both parts.
    const older = { summary: { leadsWithSessions: 400 }, storage: { storedBytes: 4_000_000 } };
    // healthyFigures() has 80 leads with sessions.
    const trends = trendsAgainst(withFigure('storage', 'storedBytes', 80 * 15_000), older);
    expect(trends.storedBytesPerLeadWithSessions).toEqual({ current: 15_000, previous: 10_000, change: 5_000 });
    expect(recommendationRules['bytes-per-lead-growth'](healthyFigures(), defaultThresholds, trends)?.description).toBe(
      'Leads with sessions store 14.6 KiB of session data each, 50.0 % more than the previous month’s 9.8 KiB; the threshold is 25.0 % a month.',
    );
  });

  it('fire on no figure of an empty database', () => {
    // Prepare: no lead, no read, and not even the indexes (the collection may not exist yet).
    const report = buildAnalyticsReport({
      statistics: emptyStatistics(),
      now: fixtureContext.now,
      period: fixtureContext.period,
      policy: fixtureContext.policy,
      runHistory: [{ job: 'daily', status: 'COMPLETED', durationMs: 1200, finishedAt: '2026-11-27T02:00:01.000Z' }],
      indexes: { expected: indexes.expected, present: [] },
    });
    // Assess
    expect(report.recommendations).toEqual([]);
  });

  it('move with their configured thresholds', () => {
    const figures = withFigure('usage', 'sessionUtilizationRate', 0.4);
    expect(recommend(figures, defaultThresholds)).toHaveLength(1);
    expect(recommend(figures, resolveThresholds({ minUtilizationRate: 0.3 }))).toEqual([]);
  });

  it('come most urgent first', () => {
    const figures = { ...withMissing(['currentSessionId']), usage: withFigure('usage', 'unusedActiveRate', 0.9).usage };
    expect(recommend(figures, defaultThresholds).map((r) => r.priority)).toEqual(['high', 'low']);
  });

  it('cover the three families the guide promises', () => {
    expect(new Set(ruleCases.map((c) => c.type))).toEqual(new Set(['utilization', 'health', 'performance']));
  });
});

describe('resolveThresholds', () => {
  it('applies overrides over the defaults', () => {
    expect(resolveThresholds({ maxAverageSessionsPerLead: 5000 })).toEqual({
      ...defaultThresholds,
      maxAverageSessionsPerLead: 5000,
    });
  });

  it.each([
    [{ minUtilisationRate: 0.5 }, 'unknown recommendation threshold "minUtilisationRate"'],
    [{ maxAverageSessionsPerLead: -1 }, 'maxAverageSessionsPerLead must be a finite number >= 0'],
    [{ maxReadLatencyP95Ms: Number.NaN }, 'maxReadLatencyP95Ms must be a finite number >= 0'],
    [{ minHealthScore: 70 }, 'minHealthScore is a rate: expected 0 to 1'],
    [{ maxLeadsExpiringSoon: 10 }, '"maxLeadsExpiringSoon" was an absolute total; use maxActiveExpiringSoonRate'],
    [{ maxIntegrityProblems: 0 }, '"maxIntegrityProblems" was an absolute total; use maxIntegrityProblemLeadRate'],
  ])('rejects %j, naming the threshold', (overrides, message) => {
    expect(() => resolveThresholds(overrides as never)).toThrow(message);
  });
});

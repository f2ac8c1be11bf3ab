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
  type AnalyticsFigures,
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
    atThreshold: withFigure('health', 'leadsWithSessionsExpiringWithin7Days', 10),
    justPast: withFigure('health', 'leadsWithSessionsExpiringWithin7Days', 11),
    quoted: '11 leads',
  },
  {
    rule: 'integrity-problems',
    type: 'health',
    atThreshold: withFigure('health', 'integrityProblems', 0),
    justPast: withFigure('health', 'integrityProblems', 1),
    quoted: '1 integrity problems',
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
    rule: 'sessions-worth-compressing',
    type: 'performance',
    atThreshold: withFigure('storage', 'compressionCandidateShare', 0.2),
    justPast: withFigure('storage', 'compressionCandidateShare', 0.2001),
    quoted: '20.01 %',
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

  it.each(ruleCases)('$rule is silent exactly at its threshold', ({ rule, atThreshold }) => {
    expect(recommendationRules[rule](atThreshold, defaultThresholds)).toBeNull();
  });

  it.each(ruleCases)('$rule fires just past its threshold, quoting $quoted', ({ rule, type, justPast, quoted }) => {
    // Act
    const recommendation = recommendationRules[rule](justPast, defaultThresholds);
    // Assess
    expect(recommendation).toMatchObject({ type });
    expect(recommendation?.description).toContain(quoted);
    expect(recommendation?.action.length).toBeGreaterThan(10);
    expect(recommend(justPast, defaultThresholds)).toEqual([recommendation]);
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
  ])('rejects %j, naming the threshold', (overrides, message) => {
    expect(() => resolveThresholds(overrides as never)).toThrow(message);
  });
});

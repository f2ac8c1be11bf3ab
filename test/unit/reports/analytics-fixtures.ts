import {
  buildAnalyticsReport,
  emptyStatistics,
  recommend,
  resolveThresholds,
  rulesNotEvaluated,
  trendsAgainst,
  type AnalyticsFigures,
  type AnalyticsReport,
} from '#shared/core/analytics/index.ts';
import type { MonthlyRun } from '#shared/reports/monthly-html.ts';

const period = { start: new Date('2026-10-01T00:00:00.000Z'), end: new Date('2026-11-01T00:00:00.000Z') };
const policy = { sessionExpiryDays: 30, compressionAfterDays: 7, maxSessionsPerLead: 10 };
const indexes = ['browserSession.sessionId', 'currentSessionId', 'sessionHistory.sessionId'];

/** A finished monthly run, as the page's header shows it. */
export const monthlyRun: MonthlyRun = {
  runId: 'monthly-20261101T030000Z',
  status: 'COMPLETED',
  finishedAt: '2026-11-01T03:00:41.512Z',
  durationMs: 41_512,
};

/** The report of a database without a single lead: zeros, null rates, no trends, no recommendations. */
export function emptyDatabaseReport(): AnalyticsReport {
  return buildAnalyticsReport({
    statistics: emptyStatistics(),
    now: new Date('2026-11-01T03:00:00.000Z'),
    period,
    policy,
    previous: null,
    runHistory: [],
    indexes: { expected: indexes, present: indexes },
  });
}

/** Overrides of a report's figures, section by section; what is not given keeps the empty database's value. */
interface FigureOverrides {
  readonly summary?: Partial<AnalyticsFigures['summary']>;
  readonly usage?: Partial<AnalyticsFigures['usage']>;
  readonly health?: Partial<AnalyticsFigures['health']>;
  readonly storage?: Partial<AnalyticsFigures['storage']>;
  readonly performance?: Partial<AnalyticsFigures['performance']>;
  readonly ageHistogram?: Partial<AnalyticsFigures['ageHistogram']>;
}

function figuresWith(base: AnalyticsFigures, overrides: FigureOverrides): AnalyticsFigures {
  return {
    summary: { ...base.summary, ...overrides.summary },
    usage: { ...base.usage, ...overrides.usage },
    health: { ...base.health, ...overrides.health },
    storage: { ...base.storage, ...overrides.storage },
    performance: { ...base.performance, ...overrides.performance },
    ageHistogram: { ...base.ageHistogram, ...overrides.ageHistogram },
  };
}

const leadTypeCounts = (leads: number, leadsWithSessions: number, sessions: number, activeSessions: number) => ({
  leads,
  leadsWithSessions,
  sessions,
  activeSessions,
});

const busyFigures: FigureOverrides = {
  summary: {
    totalLeads: 6000,
    leadsWithSessions: 4321,
    totalSessions: 12_345,
    activeSessions: 2100,
    averageSessionsPerLead: 2.857,
    mostRecentSessionAt: '2026-10-31T23:12:00.000Z',
  },
  usage: {
    leadsWithActiveSession: 2000,
    leadsAccessedLast7Days: 900,
    averageSessionAgeDays: 17.25,
    sessionsCreatedLast30Days: 5000,
    sessionsCreatedInPeriod: 4800,
    sessionsAccessedInPeriod: 6100,
    byLeadType: {
      ftd: leadTypeCounts(3000, 2500, 7000, 1200),
      filler: leadTypeCounts(1500, 1000, 3000, 500),
      cold: leadTypeCounts(900, 600, 1845, 300),
      live: leadTypeCounts(400, 221, 500, 100),
      unknown: leadTypeCounts(0, 0, 0, 0),
    },
    sessionUtilizationRate: 0.4629,
    recentAccessRate: 0.45,
    activeSessionsUnusedFor14Days: 12,
    unusedActiveRate: 0.0057,
  },
  health: {
    sessionHealthScore: 0.6512,
    expirationRate: 0.2734,
    validSessions: 11_900,
    validUnexpiredSessions: 8039,
    expiredSessions: 3375,
    leadsWithSessionsExpiringWithin7Days: 57,
    invalidSessions: 300,
    invalidByKind: {
      'cookies-not-array': 200,
      'cookie-without-name-or-value': 100,
      'local-storage-wrong-type': 0,
      'session-storage-wrong-type': 0,
    },
    orphanedTotal: 145,
    orphanedByKind: {
      'missing-session-id': 40,
      'invalid-created-at': 0,
      'dangling-current-session-id': 0,
      'phantom-default-browser-session': 105,
      'phantom-empty-browser-session': 0,
    },
    phantomBrowserSessions: 105,
    encryptedSessions: 33,
    integrityProblems: 446,
  },
  storage: {
    storedBytes: 62_914_560,
    totalSessionBytes: 47_185_920,
    averageSessionBytes: 3822.4,
    largestSessionBytes: 88_000,
    sessionsOver50KB: 3,
    compressedSessions: 4000,
    compressedShare: 0.324,
    compressedOriginalBytes: 6_684_672,
    compressedStoredBytes: 1_966_080,
    compressionRatio: 3.4,
    bytesSaved: 4_718_592,
    uncompressedOldSessions: 150,
  },
  performance: {
    readLatencyMs: { p50: 45.2, p95: 380.5, max: 512, batches: 13 },
    runDurations: {
      daily: { count: 30, p50Ms: 12_400, maxMs: 65_000, lastStatus: 'COMPLETED', lastFinishedAt: null },
      weekly: { count: 4, p50Ms: 185_000, maxMs: 240_000, lastStatus: 'COMPLETED_WITH_ERRORS', lastFinishedAt: null },
    },
    indexes: { expected: indexes, missing: ['sessionHistory.sessionId'] },
  },
  ageHistogram: { '<1d': 300, '1-7d': 2100, '7-14d': 2600, '14-30d': 3970, '30-60d': 2500, '60-90d': 600, '>90d': 275 },
};

/** What the busy month's figures were a month before: fewer sessions, better health, the same expiration rate. */
const previousMonthFigures: FigureOverrides = {
  summary: { totalSessions: 11_000 },
  health: { sessionHealthScore: 0.72, expirationRate: 0.2734 },
};

/** A hand-made report with distinctive figures (12,345 sessions), trends against an earlier month, recommendations. */
export function busyMonthReport(): AnalyticsReport {
  const empty = emptyDatabaseReport();
  const figures = figuresWith(empty, busyFigures);
  const previous = figuresWith(figures, previousMonthFigures);
  const trends = trendsAgainst(figures, { ...previous, storage: { ...previous.storage, totalSessionBytes: null } });
  return {
    ...empty,
    ...figures,
    trends,
    previousPeriod: { start: '2026-09-01T00:00:00.000Z', end: '2026-10-01T00:00:00.000Z' },
    // The analytics' own rules on these figures: several fire, of every priority.
    // A low "many sessions" threshold makes that low-priority rule fire too, so every priority is shown.
    recommendations: recommend(figures, resolveThresholds({ maxAverageSessionsPerLead: 2 }), trends),
    rulesNotEvaluated: rulesNotEvaluated(trends),
  };
}

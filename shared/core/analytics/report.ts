import type { MaintenancePolicy } from '../config.ts';
import { computeFigures, type AnalyticsFigures, type RunHistoryEntry } from './figures.ts';
import { defaultThresholds, recommend, type Recommendation, type RecommendationThresholds } from './recommendations.ts';
import type { BatchStatistics } from './statistics.ts';

export interface Trend {
  readonly current: number | null;
  readonly previous: number | null;
  /** current - previous, or null when either is unknown. */
  readonly change: number | null;
}

/** The monthly analytics report (JSON `schemaVersion: 1`). No lead id, no session value. */
export interface AnalyticsReport extends AnalyticsFigures {
  readonly schemaVersion: 1;
  readonly generatedAt: string;
  readonly period: { readonly start: string; readonly end: string };
  readonly policy: Pick<MaintenancePolicy, 'sessionExpiryDays' | 'compressionAfterDays' | 'maxSessionsPerLead'>;
  readonly trends: Readonly<Record<string, Trend>> | null;
  readonly recommendations: readonly Recommendation[];
  readonly thresholds: RecommendationThresholds;
}

/** The calendar month before `now`'s (UTC): `[start, end)`. */
export function previousCalendarMonth(now: Date): { start: Date; end: Date } {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  return { start, end };
}

const trendFigures: readonly [string, (report: AnalyticsFigures) => number | null][] = [
  ['totalSessions', (r) => r.summary.totalSessions],
  ['leadsWithSessions', (r) => r.summary.leadsWithSessions],
  ['activeSessions', (r) => r.summary.activeSessions],
  ['sessionUtilizationRate', (r) => r.usage.sessionUtilizationRate],
  ['sessionHealthScore', (r) => r.health.sessionHealthScore],
  ['expirationRate', (r) => r.health.expirationRate],
  ['totalSessionBytes', (r) => r.storage.totalSessionBytes],
  ['compressedShare', (r) => r.storage.compressedShare],
  ['integrityProblems', (r) => r.health.integrityProblems],
];

/** An older report may lack a figure (or a whole section): then its trend is unknown. */
function readSafely(read: (report: AnalyticsFigures) => number | null, report: AnalyticsFigures): number | null {
  try {
    return read(report) ?? null;
  } catch {
    return null;
  }
}

function trendsAgainst(current: AnalyticsFigures, previous: AnalyticsFigures | null): Record<string, Trend> | null {
  if (previous === null) return null;
  return Object.fromEntries(
    trendFigures.map(([name, read]) => {
      const now = read(current);
      const before = readSafely(read, previous);
      return [name, { current: now, previous: before, change: now === null || before === null ? null : now - before }];
    }),
  );
}

/** Builds the monthly report from the merged statistics of all batches. */
export function buildAnalyticsReport(input: {
  readonly statistics: BatchStatistics;
  readonly now: Date;
  readonly period: { readonly start: Date; readonly end: Date };
  readonly policy: Pick<MaintenancePolicy, 'sessionExpiryDays' | 'compressionAfterDays' | 'maxSessionsPerLead'>;
  readonly thresholds?: Partial<RecommendationThresholds>;
  readonly previous?: AnalyticsFigures | null;
  readonly runHistory: readonly RunHistoryEntry[];
  readonly indexes: { readonly expected: readonly string[]; readonly present: readonly string[] };
}): AnalyticsReport {
  const figures = computeFigures(input.statistics, input.runHistory, input.indexes);
  const thresholds = { ...defaultThresholds, ...input.thresholds };
  return {
    schemaVersion: 1,
    generatedAt: input.now.toISOString(),
    period: { start: input.period.start.toISOString(), end: input.period.end.toISOString() },
    policy: {
      sessionExpiryDays: input.policy.sessionExpiryDays,
      compressionAfterDays: input.policy.compressionAfterDays,
      maxSessionsPerLead: input.policy.maxSessionsPerLead,
    },
    ...figures,
    trends: trendsAgainst(figures, input.previous ?? null),
    recommendations: recommend(figures, thresholds),
    thresholds,
  };
}

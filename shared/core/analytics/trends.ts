import type { AnalyticsFigures } from './figures.ts';

/** A figure this month and in the previous report. */
export interface Trend {
  readonly current: number | null;
  readonly previous: number | null;
  /** `current - previous` (rates: in fractions, not percentage points), or null when either is unknown. */
  readonly change: number | null;
}

/**
 * A figure derived from two others, each read by its path: a previous report written before the derived figure
 * existed still has its parts, so the comparison works from the first month on.
 */
interface DerivedFigure {
  readonly numerator: readonly string[];
  readonly denominator: readonly string[];
}

/** The key figures followed month to month, each with its path in the report (or the paths it is derived from). */
export const trendFigures = {
  totalLeads: ['summary', 'totalLeads'],
  leadsWithSessions: ['summary', 'leadsWithSessions'],
  totalSessions: ['summary', 'totalSessions'],
  activeSessions: ['summary', 'activeSessions'],
  averageSessionsPerLead: ['summary', 'averageSessionsPerLead'],
  sessionUtilizationRate: ['usage', 'sessionUtilizationRate'],
  recentAccessRate: ['usage', 'recentAccessRate'],
  sessionsCreatedInPeriod: ['usage', 'sessionsCreatedInPeriod'],
  averageSessionAgeDays: ['usage', 'averageSessionAgeDays'],
  sessionHealthScore: ['health', 'sessionHealthScore'],
  expirationRate: ['health', 'expirationRate'],
  integrityProblems: ['health', 'integrityProblems'],
  totalSessionBytes: ['storage', 'totalSessionBytes'],
  storedBytesPerLeadWithSessions: {
    numerator: ['storage', 'storedBytes'],
    denominator: ['summary', 'leadsWithSessions'],
  },
  averageSessionBytes: ['storage', 'averageSessionBytes'],
  compressedShare: ['storage', 'compressedShare'],
  compressionRatio: ['storage', 'compressionRatio'],
  readLatencyP95Ms: ['performance', 'readLatencyMs', 'p95'],
} as const satisfies Readonly<Record<string, readonly string[] | DerivedFigure>>;
export type TrendFigureName = keyof typeof trendFigures;

/**
 * The number at a path of a report, or null. The previous report comes from storage and may be older or damaged,
 * so it is read as unknown JSON: a figure it lacks has an unknown trend instead of failing this month's report.
 */
function numberAt(report: unknown, path: readonly string[]): number | null {
  let value: unknown = report;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function figureOf(report: unknown, figure: readonly string[] | DerivedFigure): number | null {
  if (!('numerator' in figure)) return numberAt(report, figure);
  const numerator = numberAt(report, figure.numerator);
  const denominator = numberAt(report, figure.denominator);
  return numerator === null || denominator === null || denominator === 0 ? null : numerator / denominator;
}

/** Each key figure now, in the previous report, and the change. */
export function trendsAgainst(current: AnalyticsFigures, previous: unknown): Record<TrendFigureName, Trend> {
  const entries = Object.entries(trendFigures).map(([name, figure]) => {
    const now = figureOf(current, figure);
    const before = figureOf(previous, figure);
    const trend: Trend = {
      current: now,
      previous: before,
      change: now === null || before === null ? null : now - before,
    };
    return [name, trend];
  });
  return Object.fromEntries(entries) as Record<TrendFigureName, Trend>;
}

/**
 * The previous report's period when it covers an earlier month than `periodStart`, else null: a re-run of the same
 * month (or a report from the future) is no basis for a trend.
 */
export function earlierPeriodOf(previous: unknown, periodStart: Date): { start: string; end: string } | null {
  if (previous === null || typeof previous !== 'object') return null;
  const period = (previous as { period?: unknown }).period;
  if (period === null || typeof period !== 'object') return null;
  const { start, end } = period as { start?: unknown; end?: unknown };
  if (typeof start !== 'string' || typeof end !== 'string') return null;
  return Date.parse(start) < periodStart.getTime() ? { start, end } : null;
}

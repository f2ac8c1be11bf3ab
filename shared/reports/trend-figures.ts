import {
  formatBytes,
  formatCount,
  formatCountChange,
  formatDays,
  formatDecimal,
  formatDuration,
  formatPercent,
  formatPointChange,
  formatRatio,
  notAvailable,
} from '#shared/format/figures.ts';
import { humanizeKey } from './html-parts.ts';

/** How a figure is written: its unit decides the format of the value and of its change. */
export type FigureKind = 'count' | 'decimal' | 'rate' | 'bytes' | 'days' | 'ratio' | 'duration';

/** Which way a figure should move: a rising health score is good, a rising expiration rate is not. */
export type Better = 'up' | 'down' | 'either';

export interface TrendFigure {
  readonly label: string;
  readonly kind: FigureKind;
  readonly better: Better;
}

/** The figures the analytics follows month to month (docs/analytics.md, "trends"). */
const trendFigures: Readonly<Record<string, TrendFigure>> = {
  totalLeads: { label: 'Leads', kind: 'count', better: 'either' },
  leadsWithSessions: { label: 'Leads with sessions', kind: 'count', better: 'either' },
  totalSessions: { label: 'Total sessions', kind: 'count', better: 'either' },
  activeSessions: { label: 'Active sessions', kind: 'count', better: 'either' },
  averageSessionsPerLead: { label: 'Sessions per lead', kind: 'decimal', better: 'either' },
  sessionUtilizationRate: { label: 'Utilization rate', kind: 'rate', better: 'up' },
  recentAccessRate: { label: 'Recent access rate', kind: 'rate', better: 'up' },
  sessionsCreatedInPeriod: { label: 'Sessions created', kind: 'count', better: 'either' },
  averageSessionAgeDays: { label: 'Average session age', kind: 'days', better: 'either' },
  sessionHealthScore: { label: 'Health score', kind: 'rate', better: 'up' },
  expirationRate: { label: 'Expiration rate', kind: 'rate', better: 'down' },
  integrityProblems: { label: 'Integrity problems', kind: 'count', better: 'down' },
  totalSessionBytes: { label: 'Total session size', kind: 'bytes', better: 'either' },
  storedBytesPerLeadWithSessions: { label: 'Stored bytes per lead with sessions', kind: 'bytes', better: 'down' },
  averageSessionBytes: { label: 'Average session size', kind: 'bytes', better: 'down' },
  compressedShare: { label: 'Compressed share', kind: 'rate', better: 'up' },
  compressionRatio: { label: 'Compression ratio', kind: 'ratio', better: 'up' },
  readLatencyP95Ms: { label: 'Batch read p95', kind: 'duration', better: 'down' },
};

/** The figures drawn as paired bars (the table lists every trend): the headline ones, to keep the chart readable. */
export const chartedTrendNames: readonly string[] = [
  'totalSessions',
  'leadsWithSessions',
  'activeSessions',
  'sessionUtilizationRate',
  'sessionHealthScore',
  'expirationRate',
  'compressedShare',
  'totalSessionBytes',
];

/** How to show a trend; a figure the page does not know yet is shown as a count under a readable name. */
export function describeTrend(name: string): TrendFigure {
  return trendFigures[name] ?? { label: humanizeKey(name), kind: 'count', better: 'either' };
}

const valueFormats: Readonly<Record<FigureKind, (value: number | null) => string>> = {
  count: formatCount,
  decimal: formatDecimal,
  rate: formatPercent,
  bytes: formatBytes,
  days: formatDays,
  ratio: formatRatio,
  duration: formatDuration,
};

/** A figure's value in its unit. */
export function formatFigure(kind: FigureKind, value: number | null): string {
  return valueFormats[kind](value);
}

/** A figure's change in its unit, signed; a rate changes by percentage points. */
export function formatFigureChange(kind: FigureKind, change: number | null): string {
  if (kind === 'rate') return formatPointChange(change);
  if (kind === 'count') return formatCountChange(change);
  if (change === null || !Number.isFinite(change)) return notAvailable;
  return `${change < 0 ? '−' : '+'}${formatFigure(kind, Math.abs(change))}`;
}

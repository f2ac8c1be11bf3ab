import type { Trend, TrendFigureName } from './trends.ts';

/** The trends of a report: null without a previous report for an earlier month. */
export type TrendTable = Readonly<Record<TrendFigureName, Trend>>;

/**
 * `current / previous - 1` (0.25 is 25 % more than last month), or null when either month lacks the figure or the
 * previous one is 0: growth from nothing has no meaningful size.
 */
export function monthlyGrowth(trend: Trend | undefined): number | null {
  if (trend === undefined || trend.current === null || trend.previous === null || !(trend.previous > 0)) return null;
  return trend.current / trend.previous - 1;
}

/** Why the month-over-month rule could not compare, or null when it could. */
export function growthUnknownReason(trends: TrendTable | null): string | null {
  if (trends === null) return 'no monthly report for an earlier month to compare with';
  const trend = trends.storedBytesPerLeadWithSessions;
  if (trend.previous === null || !(trend.previous > 0)) {
    return 'the previous report has no stored bytes per lead with sessions';
  }
  if (trend.current === null) return 'no lead has sessions this month';
  return null;
}

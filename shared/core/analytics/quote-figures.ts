import { formatFixed } from '#shared/format/figures.ts';

export { formatBytes as bytes, formatCount as count } from '#shared/format/figures.ts';

/** A figure and its threshold as text, for a recommendation's description. */
export interface QuotedPair {
  readonly value: string;
  readonly threshold: string;
}

/**
 * Formats a figure and its threshold with the fewest decimals (from `minDecimals`, at most 6) that tell them apart:
 * with a fixed precision a value just past its threshold could print as the threshold itself ("50.0 % is below
 * 50.0 %").
 */
function distinct(value: number, threshold: number, minDecimals: number, suffix: string): QuotedPair {
  let decimals = minDecimals;
  while (decimals < 6 && formatFixed(value, decimals) === formatFixed(threshold, decimals)) decimals += 1;
  return {
    value: `${formatFixed(value, decimals)}${suffix}`,
    threshold: `${formatFixed(threshold, decimals)}${suffix}`,
  };
}

/** A rate and its threshold as percentages ("42.5 %"). */
export function percentAgainst(rate: number, threshold: number): QuotedPair {
  return distinct(rate * 100, threshold * 100, 1, ' %');
}

/** A ratio and its threshold ("2.35×"). */
export function ratioAgainst(ratio: number, threshold: number): QuotedPair {
  return distinct(ratio, threshold, 2, '×');
}

/** A duration and its threshold in milliseconds ("1,024 ms"). */
export function millisecondsAgainst(ms: number, threshold: number): QuotedPair {
  return distinct(ms, threshold, 0, ' ms');
}

/** A plain figure and its threshold with one decimal or more ("8.1"). */
export function numberAgainst(value: number, threshold: number): QuotedPair {
  return distinct(value, threshold, 1, '');
}

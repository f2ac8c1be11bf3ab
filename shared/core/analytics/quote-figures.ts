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
  while (decimals < 6 && value.toFixed(decimals) === threshold.toFixed(decimals)) decimals += 1;
  return { value: `${value.toFixed(decimals)}${suffix}`, threshold: `${threshold.toFixed(decimals)}${suffix}` };
}

/** A rate and its threshold as percentages ("42.5 %"). */
export function percentAgainst(rate: number, threshold: number): QuotedPair {
  return distinct(rate * 100, threshold * 100, 1, ' %');
}

/** A ratio and its threshold ("2.35×"). */
export function ratioAgainst(ratio: number, threshold: number): QuotedPair {
  return distinct(ratio, threshold, 2, '×');
}

/** A duration and its threshold in milliseconds ("1024 ms"). */
export function millisecondsAgainst(ms: number, threshold: number): QuotedPair {
  return distinct(ms, threshold, 0, ' ms');
}

/** A whole number with thousands separators, independent of the locale ("12,345"). */
export function count(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Bytes in binary units with one decimal ("1.5 MiB"). */
export function bytes(value: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;
  let scaled = value;
  let unit = 0;
  while (Math.abs(scaled) >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(scaled)} B` : `${scaled.toFixed(1)} ${units[unit] ?? ''}`;
}

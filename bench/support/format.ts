/** Number formatting shared by every table: one convention for units across the report. */

const group = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A whole count with thousands separators: 12,345. */
export const count = (value: number): string => group.format(value);

/** Bytes in MB (10^6), the unit of the compression and wire tables. */
export const megabytes = (bytes: number, digits = 1): string => `${(bytes / 1e6).toFixed(digits)}`;

/** KiB to MiB (resident set sizes come in KiB from `process.resourceUsage`). */
export const mebibytesFromKiB = (kib: number): string => (kib / 1024).toFixed(0);

/** Bytes to KB (10^3), as bundle sizes are usually quoted. */
export const kilobytes = (bytes: number): string => (bytes / 1e3).toFixed(1);

export const seconds = (milliseconds: number): string => (milliseconds / 1000).toFixed(2);

export const milliseconds = (value: number): string => value.toFixed(1);

/** A ratio such as 57.3x; "n/a" when the denominator is 0 or the value is not finite. */
export function ratio(numerator: number, denominator: number, digits = 1): string {
  const value = numerator / denominator;
  return Number.isFinite(value) ? `${value.toFixed(digits)}x` : 'n/a';
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A figure that could not be measured where the bench ran (a real MongoDB's CPU) is "n/a", never 0. */
export const orNotAvailable = <T>(value: T | null | undefined, format: (value: T) => string): string =>
  value === null || value === undefined ? 'n/a' : format(value);

/** `ratio` of two figures either of which may be unmeasured. */
export const ratioOrNotAvailable = (numerator: number | null, denominator: number | null, digits = 1): string =>
  numerator === null || denominator === null ? 'n/a' : ratio(numerator, denominator, digits);

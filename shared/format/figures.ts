/**
 * Every human-readable figure of the project, in one place: the command line (`run`, `report show`, `status`,
 * `restore`, `leads list`), the demo, the monthly HTML page and the recommendations' descriptions all format numbers
 * here, so one figure reads the same everywhere ("99.9 %", never 0.9993044284720612 in one place and 99.9 % in
 * another). JSON output keeps the raw numbers. Locale-independent (en-US separators), pure.
 */

/** Shown wherever a figure is missing (a null rate, a report without a previous month) or not a finite number. */
export const notAvailable = 'n/a';

const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function isFigure(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A whole count with thousands separators: `1,234`. */
export function formatCount(value: number | null | undefined): string {
  return isFigure(value) ? countFormat.format(value) : notAvailable;
}

/** A number with exactly `decimals` decimals and thousands separators: `1,234.50`. */
export function formatFixed(value: number | null | undefined, decimals: number): string {
  if (!isFigure(value)) return notAvailable;
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(
    value,
  );
}

/** A count and its noun, singular for exactly one: `1 batch`, `2 batches`, `1,204 sessions`. */
export function formatQuantity(value: number, singular: string, plural: string): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}

/** Milliseconds, whole, with separators: `225 ms`, `1,024 ms` (a latency; durations use `formatDuration`). */
export function formatMilliseconds(milliseconds: number | null | undefined): string {
  return isFigure(milliseconds) ? `${countFormat.format(milliseconds)} ms` : notAvailable;
}

/**
 * A figure estimated from a sample, with the sample's size, so a percentile of two batches is not read like one of
 * two thousand: `p95 225 ms over 2 batches`.
 */
export function formatSampled(figure: string, sampleSize: number, singular: string, plural: string): string {
  return `${figure} over ${formatQuantity(sampleSize, singular, plural)}`;
}

/** A number with one decimal: `2.5`. */
export function formatDecimal(value: number | null | undefined): string {
  return isFigure(value) ? decimalFormat.format(value) : notAvailable;
}

/** A rate in 0..1 as a percentage with one decimal: `12.3 %`. */
export function formatPercent(rate: number | null | undefined): string {
  return isFigure(rate) ? `${decimalFormat.format(rate * 100)} %` : notAvailable;
}

/** A signed change in percentage points: `+4.2 pp`, for the difference between two rates. */
export function formatPointChange(delta: number | null | undefined): string {
  if (!isFigure(delta)) return notAvailable;
  const points = decimalFormat.format(Math.abs(delta * 100));
  return `${delta < 0 ? '−' : '+'}${points} pp`;
}

/** A signed count change: `+1,204`, `−17`. */
export function formatCountChange(delta: number | null | undefined): string {
  if (!isFigure(delta)) return notAvailable;
  return `${delta < 0 ? '−' : '+'}${countFormat.format(Math.abs(delta))}`;
}

const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** A byte count in binary units: `512 B`, `4.5 MiB`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (!isFigure(bytes)) return notAvailable;
  let value = Math.abs(bytes);
  let unit = 0;
  // 1,048,575 B is 1023.999 KiB, which one decimal would show as "1,024.0 KiB": move up a unit before that happens.
  while (unit < byteUnits.length - 1 && value >= (unit === 0 ? 1024 : 1023.95)) {
    value /= 1024;
    unit += 1;
  }
  const sign = bytes < 0 ? '−' : '';
  const amount = unit === 0 ? countFormat.format(value) : decimalFormat.format(value);
  return `${sign}${amount} ${byteUnits[unit] ?? 'B'}`;
}

/** A duration: `850 ms`, `12.4 s`, `3 min 05 s`, `2 h 10 min`. */
export function formatDuration(milliseconds: number | null | undefined): string {
  if (!isFigure(milliseconds)) return notAvailable;
  if (milliseconds < 1000) return `${countFormat.format(milliseconds)} ms`;
  const seconds = milliseconds / 1000;
  // Below 59.95 s, so that one decimal never shows "60.0 s".
  if (seconds < 59.95) return `${decimalFormat.format(seconds)} s`;
  const wholeSeconds = Math.round(seconds);
  const minutes = Math.floor(wholeSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(wholeSeconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A number of days with one decimal: `12.5 days`. */
export function formatDays(days: number | null | undefined): string {
  if (!isFigure(days)) return notAvailable;
  return `${decimalFormat.format(days)} ${days === 1 ? 'day' : 'days'}`;
}

/** A compression ratio (original / stored): `3.2×`. */
export function formatRatio(ratio: number | null | undefined): string {
  return isFigure(ratio) ? `${decimalFormat.format(ratio)}×` : notAvailable;
}

/** An ISO timestamp in UTC, to the minute: `2026-11-01 02:00 UTC`. Invalid or missing dates are `n/a`. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return notAvailable;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return notAvailable;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The month a period starts in, in words: `October 2026`. */
export function formatMonth(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return notAvailable;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? notAvailable : monthFormat.format(date);
}

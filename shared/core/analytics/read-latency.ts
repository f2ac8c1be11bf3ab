import { emptyStatistics, mergeStatistics, type BatchStatistics } from './batch-statistics.ts';

/**
 * Batch read latencies are kept in a fixed log-scale histogram, so percentiles survive merging (a list of samples
 * would grow with the batches; an average cannot give a p95).
 *
 * Buckets: `0` holds [0, 1) ms; bucket `k` (1..160) holds [2^((k-1)/8), 2^(k/8)) ms, eight buckets per doubling;
 * bucket `161` holds 2^20 ms (about 17.5 minutes) and more. A percentile is reported as the upper bound of its
 * bucket: never below the true sample percentile and at most 2^(1/8) - 1 = 9.05 % above it (boundaries within
 * floating-point rounding). From the overflow bucket it is reported as 2^20 ms, a lower bound.
 */
export const latencyBucketsPerDoubling = 8;
const overflowBucket = 20 * latencyBucketsPerDoubling + 1;

/** The bucket index of a latency in milliseconds (finite, >= 0). */
export function latencyBucketOf(ms: number): number {
  if (ms < 1) return 0;
  return Math.min(overflowBucket, Math.floor(latencyBucketsPerDoubling * Math.log2(ms)) + 1);
}

/** The latency reported for a bucket: its upper bound (the overflow bucket's lower bound). */
export function latencyBucketUpperBoundMs(bucket: number): number {
  return 2 ** (Math.min(bucket, overflowBucket - 1) / latencyBucketsPerDoubling);
}

/**
 * Adds one batch's measured MongoDB read latency. A value that is not a finite number >= 0 cannot come from a
 * clock and is ignored rather than failing the batch.
 */
export function recordReadLatency(statistics: BatchStatistics, ms: number): BatchStatistics {
  if (!Number.isFinite(ms) || ms < 0) return statistics;
  const reading: BatchStatistics = {
    ...emptyStatistics(),
    readLatencyHistogram: { [String(latencyBucketOf(ms))]: 1 },
    maxReadLatencyMs: ms,
  };
  return mergeStatistics(statistics, reading);
}

/** Number of batch reads recorded in a histogram. */
export function readCount(histogram: Readonly<Record<string, number>>): number {
  return Object.values(histogram).reduce((sum, count) => sum + count, 0);
}

/**
 * The nearest-rank percentile (`fraction` in (0, 1]) of the recorded latencies, as its bucket's upper bound, or
 * null when nothing was recorded.
 */
export function latencyPercentileMs(histogram: Readonly<Record<string, number>>, fraction: number): number | null {
  const total = readCount(histogram);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * total));
  const buckets = Object.entries(histogram)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .sort((a, b) => a[0] - b[0]);
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (seen >= rank) return latencyBucketUpperBoundMs(bucket);
  }
  return null;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyStatistics,
  latencyBucketOf,
  latencyBucketUpperBoundMs,
  latencyPercentileMs,
  mergeStatistics,
  recordReadLatency,
  type BatchStatistics,
} from '#shared/core/analytics/index.ts';

const bucketWidth = 2 ** (1 / 8);
/** Floating-point slack at bucket boundaries (log2 of an exact power may round either way). */
const rounding = 1e-9;

const recordAll = (latencies: readonly number[]): BatchStatistics =>
  latencies.reduce(recordReadLatency, emptyStatistics());

/** The nearest-rank percentile of raw samples: the reference the histogram approximates. */
function exactPercentile(samples: readonly number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(fraction * sorted.length)) - 1] as number;
}

describe('read latency histogram', () => {
  it('reports a latency of 1 ms to 2^20 ms at most 9.05 % above it and never below it', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 2 ** 20 - 1, noNaN: true }), (ms) => {
        const reported = latencyBucketUpperBoundMs(latencyBucketOf(ms));
        expect(reported).toBeGreaterThanOrEqual(ms * (1 - rounding));
        expect(reported).toBeLessThanOrEqual(ms * bucketWidth * (1 + rounding));
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    { label: 'below 1 ms', ms: 0.2, reported: 1 },
    { label: 'of 0 ms', ms: 0, reported: 1 },
    { label: 'beyond 2^20 ms', ms: 5_000_000, reported: 2 ** 20 },
  ])('reports a latency $label as $reported ms', ({ ms, reported }) => {
    expect(latencyBucketUpperBoundMs(latencyBucketOf(ms))).toBe(reported);
  });

  it('derives the same p50 and p95 from merged batch histograms as from one, within the bucket precision', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: 1, max: 100_000, noNaN: true }), { minLength: 1, maxLength: 20 }), {
          minLength: 1,
          maxLength: 10,
        }),
        (batches) => {
          // Prepare: each batch records its own reads; Finalize merges them.
          const merged = batches.map(recordAll).reduce(mergeStatistics, emptyStatistics());
          const samples = batches.flat();
          for (const fraction of [0.5, 0.95]) {
            // Act
            const reported = latencyPercentileMs(merged.readLatencyHistogram, fraction);
            // Assess
            const exact = exactPercentile(samples, fraction);
            expect(reported).toBeGreaterThanOrEqual(exact * (1 - rounding));
            expect(reported).toBeLessThanOrEqual(exact * bucketWidth * (1 + rounding));
          }
          expect(merged.maxReadLatencyMs).toBe(Math.max(...samples));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives no percentile and no maximum when nothing was recorded', () => {
    expect(latencyPercentileMs(emptyStatistics().readLatencyHistogram, 0.95)).toBeNull();
    expect(emptyStatistics().maxReadLatencyMs).toBeNull();
  });

  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY])('ignores a measurement of %s, which no clock gives', (ms) => {
    expect(recordReadLatency(emptyStatistics(), ms)).toEqual(emptyStatistics());
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collectLeadStatistics,
  emptyStatistics,
  mergeStatistics,
  recordReadLatency,
  type BatchStatistics,
} from '#shared/core/analytics/index.ts';
import { digestLead } from '#shared/core/session-digest.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { generateLeadArray } from '#shared/generator/index.ts';

const now = new Date('2026-11-01T04:00:00Z');
const context = {
  now,
  policy: { sessionExpiryDays: 30, compressionAfterDays: 7, maxSessionsPerLead: 10 },
  period: { start: new Date('2026-10-01T00:00:00Z'), end: new Date('2026-11-01T00:00:00Z') },
};
const leadStatistics = generateLeadArray({ seed: 17, leadCount: 120, now }).map((lead) =>
  recordReadLatency(
    collectLeadStatistics(classifyLead(digestLead(lead)), context),
    1 + (lead._id.getTimestamp().getTime() % 400),
  ),
);
const statisticsArbitrary: fc.Arbitrary<BatchStatistics> = fc
  .subarray(leadStatistics, { maxLength: 8 })
  .map((items) => items.reduce(mergeStatistics, emptyStatistics()));

describe('mergeStatistics', () => {
  it('is associative and commutative, with emptyStatistics as identity (1,000 cases)', () => {
    fc.assert(
      fc.property(statisticsArbitrary, statisticsArbitrary, statisticsArbitrary, (a, b, c) => {
        expect(mergeStatistics(mergeStatistics(a, b), c)).toEqual(mergeStatistics(a, mergeStatistics(b, c)));
        expect(mergeStatistics(a, b)).toEqual(mergeStatistics(b, a));
        expect(mergeStatistics(a, emptyStatistics())).toEqual(a);
        expect(mergeStatistics(emptyStatistics(), a)).toEqual(a);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same statistics however the leads are cut into batches and in whatever order (1,000 cases)', () => {
    const whole = leadStatistics.reduce(mergeStatistics, emptyStatistics());
    fc.assert(
      fc.property(
        fc.shuffledSubarray(leadStatistics, { minLength: leadStatistics.length }),
        fc.integer({ min: 1, max: 40 }),
        (order, size) => {
          const batches: BatchStatistics[] = [];
          for (let start = 0; start < order.length; start += size)
            batches.push(order.slice(start, start + size).reduce(mergeStatistics, emptyStatistics()));
          expect(batches.reduce(mergeStatistics, emptyStatistics())).toEqual(whole);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('survives a JSON round trip (statistics are stored per batch in MongoDB)', () => {
    const whole = leadStatistics.reduce(mergeStatistics, emptyStatistics());
    expect(JSON.parse(JSON.stringify(whole))).toEqual(whole);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collectLeadStatistics,
  emptyStatistics,
  mergeStatistics,
  recordReadLatency,
  type BatchStatistics,
} from '#shared/core/analytics/index.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { arbitraryStatistics, leadDigest, propertyContext } from './analytics-arbitraries.ts';

const runs = { numRuns: 1000 };
const fold = (items: readonly BatchStatistics[]): BatchStatistics => items.reduce(mergeStatistics, emptyStatistics());

/** Statistics a batch can really hold: a few random leads and a few measured reads. */
const collectedStatistics: fc.Arbitrary<BatchStatistics> = fc
  .tuple(
    fc.array(leadDigest, { maxLength: 5 }),
    fc.array(fc.double({ min: 0, max: 60_000, noNaN: true }), { maxLength: 3 }),
  )
  .map(([leads, latencies]) =>
    latencies.reduce(
      recordReadLatency,
      fold(leads.map((lead) => collectLeadStatistics(classifyLead(lead), propertyContext))),
    ),
  );

describe.each([
  ['statistics collected from random leads and reads', collectedStatistics],
  ['arbitrary well-formed statistics', arbitraryStatistics],
])('mergeStatistics on %s', (_label, statistics) => {
  it('is associative', () => {
    fc.assert(
      fc.property(statistics, statistics, statistics, (a, b, c) => {
        expect(mergeStatistics(mergeStatistics(a, b), c)).toEqual(mergeStatistics(a, mergeStatistics(b, c)));
      }),
      runs,
    );
  });

  it('is commutative', () => {
    fc.assert(
      fc.property(statistics, statistics, (a, b) => {
        expect(mergeStatistics(a, b)).toEqual(mergeStatistics(b, a));
      }),
      runs,
    );
  });

  it('has emptyStatistics() as its identity, on either side', () => {
    fc.assert(
      fc.property(statistics, (a) => {
        expect(mergeStatistics(a, emptyStatistics())).toEqual(a);
        expect(mergeStatistics(emptyStatistics(), a)).toEqual(a);
      }),
      runs,
    );
  });

  it('survives the JSON round trip of being stored per batch', () => {
    fc.assert(
      fc.property(statistics, (a) => {
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      }),
      runs,
    );
  });
});

describe('batching', () => {
  it('gives the same merged statistics whatever the lead order and the cut into batches', () => {
    fc.assert(
      fc.property(
        fc
          .array(leadDigest, { maxLength: 30 })
          .chain((leads) =>
            fc.tuple(
              fc.constant(leads),
              fc.shuffledSubarray(leads, { minLength: leads.length, maxLength: leads.length }),
              fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 30 }),
            ),
          ),
        ([leads, shuffled, batchSizes]) => {
          // Prepare: one fold in the original order, and batches of varying sizes in a shuffled order.
          const statisticsOf = (lead: (typeof leads)[number]) =>
            collectLeadStatistics(classifyLead(lead), propertyContext);
          const whole = fold(leads.map(statisticsOf));
          const batches: BatchStatistics[] = [];
          for (let start = 0, index = 0; start < shuffled.length; index += 1) {
            const size = batchSizes[index % batchSizes.length] ?? 1;
            batches.push(fold(shuffled.slice(start, start + size).map(statisticsOf)));
            start += size;
          }
          // Act: merge the batches as Finalize does, in reverse completion order.
          const merged = fold(batches.reverse());
          // Assess
          expect(merged).toEqual(whole);
        },
      ),
      runs,
    );
  });
});

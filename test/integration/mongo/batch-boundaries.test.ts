import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  batchFilter,
  effectiveBatchSize,
  planLeadIdBatches,
  planRangeBatches,
} from '#shared/mongo/batch-boundaries.ts';
import { connectTestTarget } from '../embedded-mongo/target.ts';

let target: Awaited<ReturnType<typeof connectTestTarget>>;

beforeAll(async () => {
  target = await connectTestTarget();
});
afterAll(async () => {
  await target.close();
});

describe('batch boundaries', () => {
  it('cover every lead exactly once, reading only _id', async () => {
    const leads = target.db.collection('boundaries');
    await leads.deleteMany({});
    await leads.insertMany(
      Array.from({ length: 1234 }, (_, i) => ({ _id: ObjectId.createFromTime(1_700_000_000 + i), n: i })),
    );
    const batches = await planRangeBatches(leads, { batchSize: 100 });
    expect(batches).toHaveLength(13);
    const seen: number[] = [];
    for (const batch of batches) {
      for (const doc of await leads.find(batchFilter(batch)).toArray()) seen.push(doc.n as number);
    }
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 1234 }, (_, i) => i));
  });

  it('gives an empty collection one open batch', async () => {
    const batches = await planRangeBatches(target.db.collection('boundaries_empty'), { batchSize: 100 });
    expect(batches).toEqual([{ index: 0, from: null, to: null }]);
  });

  it('raises the batch size so a run has at most 2,000 batches', () => {
    expect(effectiveBatchSize(10_000_000, { batchSize: 1000 })).toBe(5000);
    expect(effectiveBatchSize(100_000, { batchSize: 1000 })).toBe(1000);
  });

  it('chunks explicit lead ids without duplicates', () => {
    const ids = ['b'.repeat(24), 'a'.repeat(24), 'a'.repeat(24), 'c'.repeat(24)];
    expect(planLeadIdBatches(ids, 2)).toEqual([
      { index: 0, leadIds: ['a'.repeat(24), 'b'.repeat(24)] },
      { index: 1, leadIds: ['c'.repeat(24)] },
    ]);
  });
});

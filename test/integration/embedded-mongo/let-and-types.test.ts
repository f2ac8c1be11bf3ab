/**
 * `let` variables, exact `$type` for numbers, `_id` validation and pipeline updates without `_id`: behaviour a real
 * MongoDB 7.0 has, so every case runs against any target.
 */
import { Decimal128, Double, Int32, Long, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestTarget, type TestTarget } from './target.ts';

/** Documents with any `_id` type (the driver's default typing assumes ObjectId). */
type Loose = { _id: number; [field: string]: unknown };

let target: TestTarget;

beforeAll(async () => {
  target = await connectTestTarget();
  await target.db.collection<{ _id: string; [field: string]: unknown }>('numbers').insertMany([
    { _id: 'int', v: new Int32(5) },
    { _id: 'long', v: Long.fromNumber(5) },
    { _id: 'whole double', v: new Double(5) },
    { _id: 'double', v: new Double(5.5) },
    { _id: 'decimal', v: Decimal128.fromString('5') },
    { _id: 'array', v: [new Int32(1), new Double(2)] },
    { _id: 'nested', v: { w: Long.fromNumber(7) } },
  ]);
});

afterAll(async () => {
  await target.close();
});

async function idsMatching(type: string | number): Promise<string[]> {
  const found = await target.db
    .collection<{ _id: string }>('numbers')
    .find({ v: { $type: type } }, { sort: { _id: 1 } })
    .toArray();
  return found.map((document) => document._id);
}

describe('$type tells numeric BSON types apart by their stored type', () => {
  it.each([
    ['int', ['array', 'int']],
    ['long', ['long']],
    ['double', ['array', 'double', 'whole double']],
    ['decimal', ['decimal']],
    [18, ['long']],
    ['number', ['array', 'decimal', 'double', 'int', 'long', 'whole double']],
  ] as const)('the query operator {$type: %s} matches exactly %j', async (type, expected) => {
    // Act
    const ids = await idsMatching(type);

    // Assess
    expect(ids).toEqual(expected);
  });

  it('the $type expression reports int, long, double and decimal as stored', async () => {
    // Act
    const rows = await target.db
      .collection('numbers')
      .aggregate([{ $project: { t: { $type: '$v' }, nested: { $type: '$v.w' } } }, { $sort: { _id: 1 } }])
      .toArray();

    // Assess
    expect(Object.fromEntries(rows.map((row) => [row['_id'], row['t']]))).toEqual({
      array: 'array',
      decimal: 'decimal',
      double: 'double',
      int: 'int',
      long: 'long',
      nested: 'object',
      'whole double': 'double',
    });
    expect(rows.find((row) => row['_id'] === 'nested')?.['nested']).toBe('long');
  });

  it('a nested field path in a filter reads the stored type too', async () => {
    // Act
    const found = await target.db
      .collection('numbers')
      .find({ 'v.w': { $type: 'long' } })
      .toArray();

    // Assess
    expect(found.map((document) => document['_id'])).toEqual(['nested']);
  });
});

describe('let variables', () => {
  it('are visible in $expr of find, in aggregate stages and in pipeline updates', async () => {
    // Prepare
    const orders = target.db.collection<Loose>('orders');
    await orders.insertMany([
      { _id: 1, qty: 3 },
      { _id: 2, qty: 8 },
    ]);

    // Act
    const found = await orders.find({ $expr: { $gt: ['$qty', '$$limit'] } }, { let: { limit: 5 } }).toArray();
    const aggregated = await orders
      .aggregate(
        [
          { $match: { $expr: { $lt: ['$qty', '$$limit'] } } },
          { $project: { over: { $subtract: ['$qty', '$$limit'] } } },
        ],
        {
          let: { limit: 5 },
        },
      )
      .toArray();
    await orders.updateMany({ $expr: { $gt: ['$qty', '$$limit'] } }, [{ $set: { capped: '$$limit' } }], {
      let: { limit: 5 },
    });
    const deleted = await orders.deleteMany({ $expr: { $lt: ['$qty', '$$limit'] } }, { let: { limit: 5 } });

    // Assess
    expect(found).toEqual([{ _id: 2, qty: 8 }]);
    expect(aggregated).toEqual([{ _id: 1, over: -2 }]);
    expect(await orders.find().toArray()).toEqual([{ _id: 2, qty: 8, capped: 5 }]);
    expect(deleted.deletedCount).toBe(1);
  });

  it('are shadowed by a $let of the same name', async () => {
    // Act
    const [row] = await target.db
      .collection('orders')
      .aggregate([{ $project: { _id: 0, v: { $let: { vars: { x: 2 }, in: '$$x' } }, outer: '$$x' } }], {
        let: { x: 1 },
      })
      .toArray();

    // Assess
    expect(row).toEqual({ v: 2, outer: 1 });
  });
});

describe('_id rules', () => {
  it('refuses an _id sub-document with a $-prefixed field (52)', async () => {
    // Act
    const error = await target.db
      .collection('ids')
      .insertOne({ _id: { $a: 1 } } as never)
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(52);
    expect((error as MongoServerError).message).toContain("_id fields may not contain '$'-prefixed fields: $a");
  });

  it('keeps _id when a pipeline update replaces the root with a document without one', async () => {
    // Prepare
    const ids = target.db.collection<Loose>('ids');
    await ids.insertOne({ _id: 7, inner: { a: 1 } });

    // Act
    await ids.updateOne({ _id: 7 }, [{ $replaceWith: '$inner' }]);

    // Assess
    expect(await ids.findOne({ _id: 7 })).toEqual({ _id: 7, a: 1 });
  });
});

import fc from 'fast-check';
import { Binary, BSON, Decimal128, Double, Int32, Long, ObjectId, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestTarget, type TestTarget } from './target.ts';

const raw = { promoteValues: false, promoteLongs: false, promoteBuffers: false } as const;

/**
 * Field names as stored by the app: any text, dots and `$` included below the top level. Names of Object.prototype
 * members are left out: the driver's decoder (bson `fieldsAsRaw: {}`) returns arrays under a key like "toString"
 * as raw buffers, whatever the server sent.
 */
const nestedKey = fc
  .string({ minLength: 1, maxLength: 8 })
  .filter((key) => !key.includes('\0') && !(key in Object.prototype));
const topLevelKey = nestedKey.filter((key) => !key.startsWith('$') && key !== '_id');

const scalar = fc.oneof(
  fc.integer({ min: -2147483648, max: 2147483647 }).map((n) => new Int32(n)),
  fc.double({ noNaN: true }).map((n) => new Double(n)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => Long.fromBigInt(n)),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((bytes) => new ObjectId(bytes)),
  fc
    .tuple(fc.uint8Array({ maxLength: 32 }), fc.constantFrom(0, 4, 5, 128))
    .map(([bytes, subtype]) => new Binary(bytes, subtype)),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => Decimal128.fromString(`${String(n)}.25`)),
);

const nested = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('object'), tie('array')),
  object: fc.dictionary(nestedKey, tie('value'), { maxKeys: 4 }),
  array: fc.array(tie('value'), { maxLength: 4 }),
})).value;

const storedDocument = fc.dictionary(topLevelKey, nested, { minKeys: 1, maxKeys: 6 });

function bytesOf(document: Document): Buffer {
  return Buffer.from(BSON.serialize(document));
}

describe('properties', () => {
  let target: TestTarget;

  beforeAll(async () => {
    target = await connectTestTarget();
  });

  afterAll(async () => {
    await target.close();
  });

  it('stores any document byte for byte, and an update of one field leaves every other field byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(storedDocument, async (fields) => {
        // Prepare
        const document = { _id: new ObjectId(), ...fields };
        const collection = target.db.collection('fidelity');

        // Act
        await collection.insertOne(document);
        const inserted = (await collection.findOne({ _id: document._id }, raw)) as Document;
        await collection.updateOne({ _id: document._id }, { $set: { touched: new Int32(1) } });
        const updated = (await collection.findOne({ _id: document._id }, raw)) as Document;

        // Assess
        expect(bytesOf(inserted).equals(bytesOf(document))).toBe(true);
        const { touched, ...untouched } = updated;
        expect(touched).toEqual(new Int32(1));
        expect(bytesOf(untouched).equals(bytesOf(document))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('answers _id range queries with sort, skip and limit like a full scan would', async () => {
    // Prepare
    const collection = target.db.collection('ranges');
    const ids = Array.from(
      { length: 200 },
      (_, i) => new ObjectId(`${(1_700_000_000 + Math.floor(i / 3)).toString(16)}${String(i).padStart(16, '0')}`),
    );
    await collection.insertMany(ids.map((_id, n) => ({ _id, n })));
    const sorted = [...ids].sort((a, b) => a.toHexString().localeCompare(b.toHexString()));
    const pick = fc.integer({ min: 0, max: ids.length - 1 }).map((index) => sorted[index] as ObjectId);

    await fc.assert(
      fc.asyncProperty(
        fc.record({
          low: pick,
          high: pick,
          lowOp: fc.constantFrom('$gt', '$gte'),
          highOp: fc.constantFrom('$lt', '$lte'),
          direction: fc.constantFrom(1, -1),
          skip: fc.nat(5),
          limit: fc.nat(20),
        }),
        async ({ low, high, lowOp, highOp, direction, skip, limit }) => {
          // Act
          const found = await collection
            .find({ _id: { [lowOp]: low, [highOp]: high } })
            .sort({ _id: direction as 1 | -1 })
            .skip(skip)
            .limit(limit)
            .toArray();

          // Assess
          const inRange = sorted.filter((id) => {
            const hex = id.toHexString();
            const aboveLow = lowOp === '$gt' ? hex > low.toHexString() : hex >= low.toHexString();
            const belowHigh = highOp === '$lt' ? hex < high.toHexString() : hex <= high.toHexString();
            return aboveLow && belowHigh;
          });
          const ordered = direction === 1 ? inRange : [...inRange].reverse();
          const expected = ordered.slice(skip, limit === 0 ? undefined : skip + limit);
          expect(found.map((document) => (document['_id'] as ObjectId).toHexString())).toEqual(
            expected.map((id) => id.toHexString()),
          );
        },
      ),
      { numRuns: 80 },
    );
  });

  it('orders numeric _ids of mixed BSON types numerically in range queries', async () => {
    // Prepare
    const collection = target.db.collection<{ _id: Double | Int32 | Long }>('numeric_ids');
    const values = [-1e9, -5.5, -1, 0, 0.25, 1, 2, 3.5, 10, 1e6, 2 ** 40, 1e15];
    const typed = (value: number, i: number): Double | Int32 | Long => {
      if (!Number.isInteger(value) || i % 3 === 0) return new Double(value);
      return Math.abs(value) < 2 ** 31 ? new Int32(value) : Long.fromNumber(value);
    };
    await collection.insertMany(values.map((value, i) => ({ _id: typed(value, i) })));

    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: -2e9, max: 2e15, noNaN: true }),
        fc.double({ min: -2e9, max: 2e15, noNaN: true }),
        async (a, b) => {
          // Act
          const found = await collection
            .find({ _id: { $gte: new Double(Math.min(a, b)), $lt: new Double(Math.max(a, b)) } })
            .sort({ _id: 1 })
            .toArray();

          // Assess
          const stored = (await collection.find({}).toArray()).map((document) => Number(document['_id']));
          const expected = stored
            .filter((value) => value >= Math.min(a, b) && value < Math.max(a, b))
            .sort((x, y) => x - y);
          expect(found.map((document) => Number(document['_id']))).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});

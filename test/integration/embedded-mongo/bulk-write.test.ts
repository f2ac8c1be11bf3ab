import { MongoBulkWriteError, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestTarget, type TestTarget } from './target.ts';

describe('bulk writes', () => {
  let target: TestTarget;

  beforeAll(async () => {
    target = await connectTestTarget();
  });

  afterAll(async () => {
    await target.close();
  });

  it('applies the other operations of an unordered bulkWrite and reports the duplicate key by index', async () => {
    // Prepare
    const collection = target.db.collection('unordered');
    const existing = new ObjectId();
    await collection.insertOne({ _id: existing, n: 0 });

    // Act
    const error = await collection
      .bulkWrite(
        [
          { insertOne: { document: { n: 1 } } },
          { insertOne: { document: { _id: existing, n: 2 } } },
          { updateOne: { filter: { _id: existing }, update: { $set: { touched: true } } } },
          { insertOne: { document: { n: 3 } } },
        ],
        { ordered: false },
      )
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    const bulkError = error as MongoBulkWriteError;
    expect(bulkError.writeErrors).toHaveLength(1);
    const [writeError] = Array.isArray(bulkError.writeErrors) ? bulkError.writeErrors : [bulkError.writeErrors];
    expect(writeError?.index).toBe(1);
    expect(writeError?.code).toBe(11000);
    expect(writeError?.errmsg).toContain('E11000 duplicate key error collection:');
    expect(writeError?.errmsg).toContain('index: _id_ dup key:');
    expect(bulkError.result.insertedCount).toBe(2);
    expect(bulkError.result.modifiedCount).toBe(1);
    expect(await collection.countDocuments({})).toBe(3);
  });

  it('stops an ordered insertMany at the first duplicate key', async () => {
    // Prepare
    const collection = target.db.collection('ordered');
    const id = new ObjectId();

    // Act
    const error = await collection
      .insertMany([{ _id: new ObjectId() }, { _id: id }, { _id: id }, { _id: new ObjectId() }])
      .catch((caught: unknown) => caught);

    // Assess
    expect((error as MongoBulkWriteError).code).toBe(11000);
    expect((error as MongoBulkWriteError).result.insertedCount).toBe(2);
    expect(await collection.countDocuments({})).toBe(2);
  });

  it('reports matched, modified and upserted counts of a mixed bulkWrite', async () => {
    // Prepare
    const collection = target.db.collection('mixed');
    await collection.insertMany([
      { k: 1, v: 0 },
      { k: 2, v: 0 },
      { k: 3, v: 0 },
    ]);

    // Act
    const result = await collection.bulkWrite([
      { updateMany: { filter: { k: { $lte: 2 } }, update: { $set: { v: 1 } } } },
      { updateOne: { filter: { k: 3 }, update: { $set: { v: 0 } } } },
      { updateOne: { filter: { k: 4 }, update: { $set: { v: 4 } }, upsert: true } },
      { deleteOne: { filter: { k: 1 } } },
      { replaceOne: { filter: { k: 2 }, replacement: { k: 2, v: 2 } } },
    ]);

    // Assess
    expect(result.matchedCount).toBe(4);
    expect(result.modifiedCount).toBe(3);
    expect(result.upsertedCount).toBe(1);
    expect(result.deletedCount).toBe(1);
    expect(
      await collection
        .find({}, { projection: { _id: 0 } })
        .sort({ k: 1 })
        .toArray(),
    ).toEqual([
      { k: 2, v: 2 },
      { k: 3, v: 0 },
      { k: 4, v: 4 },
    ]);
  });
});

import { Binary, BSON, type Document, Double, Long, MongoServerError, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestTarget, type TestTarget } from './target.ts';

const sixteenMiB = 16 * 1024 * 1024;

describe('16 MiB document limit', () => {
  let target: TestTarget;

  beforeAll(async () => {
    target = await connectTestTarget();
  });

  afterAll(async () => {
    await target.close();
  });

  it('refuses an update that makes a document larger than 16 MiB (10334) and keeps it unchanged', async () => {
    // Prepare
    const collection = target.db.collection('big');
    const id = new ObjectId();
    await collection.insertOne({ _id: id, blob: new Binary(Buffer.alloc(sixteenMiB - 1024)) });

    // Act
    const error = await collection
      .updateOne({ _id: id }, { $set: { more: new Binary(Buffer.alloc(2048)) } })
      .catch((caught: unknown) => caught);

    // Assess
    expect((error as MongoServerError).code).toBe(10334);
    const stored = await collection.findOne({ _id: id }, { projection: { more: 1 } });
    expect(stored).toEqual({ _id: id });
  });

  it('refuses an insert just over 16 MiB', async () => {
    // Act
    const error = await target.db
      .collection('big')
      .insertOne({ blob: new Binary(Buffer.alloc(sixteenMiB + 16)) })
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(10334);
  });
});

describe('counting and aggregation', () => {
  let target: TestTarget;

  beforeAll(async () => {
    target = await connectTestTarget();
    await target.db.collection('leads').insertMany([
      { leadType: 'ftd', sessions: 3, tags: ['a', 'b'] },
      { leadType: 'ftd', sessions: 1, tags: ['b'] },
      { leadType: 'cold', sessions: 0, tags: [] },
      { leadType: 'live', sessions: 5 },
    ]);
  });

  afterAll(async () => {
    await target.close();
  });

  it.each([
    { filter: {}, expected: 4 },
    { filter: { leadType: 'ftd' }, expected: 2 },
    { filter: { sessions: { $gt: 10 } }, expected: 0 },
  ])('countDocuments($filter) is $expected', async ({ filter, expected }) => {
    // Act
    const count = await target.db.collection('leads').countDocuments(filter);

    // Assess
    expect(count).toBe(expected);
  });

  it('estimates the document count and lists distinct values (array elements included)', async () => {
    // Act
    const estimated = await target.db.collection('leads').estimatedDocumentCount();
    const types = await target.db.collection('leads').distinct('leadType');
    const tags = await target.db.collection('leads').distinct('tags', { leadType: 'ftd' });

    // Assess
    expect(estimated).toBe(4);
    expect([...types].sort()).toEqual(['cold', 'ftd', 'live']);
    expect([...tags].sort()).toEqual(['a', 'b']);
  });

  it('groups, matches, projects, sorts and limits in a pipeline', async () => {
    // Act
    const result = await target.db
      .collection('leads')
      .aggregate([
        { $match: { sessions: { $gte: 0 } } },
        { $group: { _id: '$leadType', leads: { $sum: 1 }, sessions: { $sum: '$sessions' } } },
        { $project: { _id: 0, leadType: '$_id', leads: 1, sessions: 1 } },
        { $sort: { sessions: -1 } },
        { $limit: 2 },
      ])
      .toArray();

    // Assess
    expect(result).toEqual([
      { leads: 1, sessions: 5, leadType: 'live' },
      { leads: 2, sessions: 4, leadType: 'ftd' },
    ]);
  });

  it('computes $bsonSize of a stored document exactly, and $size of an array', async () => {
    // Prepare
    const stored = await target.db.collection('leads').findOne({ sessions: 3 }, { promoteValues: false });

    // Act
    const [result] = await target.db
      .collection('leads')
      .aggregate([
        { $match: { sessions: 3 } },
        { $project: { _id: 0, bytes: { $bsonSize: '$$ROOT' }, tagCount: { $size: '$tags' } } },
      ])
      .toArray();

    // Assess
    expect(result?.['tagCount']).toBe(2);
    expect(result?.['bytes']).toBe(BSON.calculateObjectSize(stored as Document));
  });

  it('returns sub-documents a pipeline passes through with their stored BSON types', async () => {
    // Prepare
    const entry = {
      sessionId: 's',
      score: new Double(1),
      big: Long.fromString('9007199254740993'),
      uuid: new Binary(Buffer.alloc(16, 7), 4),
    };
    const { insertedId } = await target.db
      .collection('archive')
      .insertOne({ sessionHistory: [entry], blob: new Binary(Buffer.from([1]), 5) });

    // Act
    const [result] = await target.db
      .collection('archive')
      .aggregate(
        [
          { $match: { _id: insertedId } },
          {
            $project: {
              _id: 0,
              blob: 1,
              stored: { $map: { input: '$sessionHistory', as: 'entry', in: { $cond: [true, '$$entry', '$$REMOVE'] } } },
            },
          },
        ],
        { promoteValues: false, promoteBuffers: false, promoteLongs: false },
      )
      .toArray();

    // Assess
    expect(
      Buffer.from(BSON.serialize({ stored: result?.['stored'] })).equals(
        Buffer.from(BSON.serialize({ stored: [entry] })),
      ),
    ).toBe(true);
    expect((result?.['blob'] as Binary).sub_type).toBe(5);
  });
});

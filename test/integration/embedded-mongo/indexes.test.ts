import { type CreateIndexesOptions, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestTarget, type TestTarget } from './target.ts';

describe('indexes', () => {
  let target: TestTarget;

  beforeAll(async () => {
    target = await connectTestTarget();
  });

  afterAll(async () => {
    await target.close();
  });

  it('creates indexes idempotently and lists them after _id_', async () => {
    // Prepare
    const leads = target.db.collection('leads');

    // Act
    const first = await leads.createIndexes([
      { key: { 'browserSession.sessionId': 1 }, unique: true, sparse: true },
      { key: { 'sessionHistory.createdAt': 1 } },
    ]);
    const again = await leads.createIndex({ 'browserSession.sessionId': 1 }, { unique: true, sparse: true });
    const listed = await leads.listIndexes().toArray();

    // Assess
    expect(first).toEqual(['browserSession.sessionId_1', 'sessionHistory.createdAt_1']);
    expect(again).toBe('browserSession.sessionId_1');
    expect(listed.map((index) => index['name'])).toEqual([
      '_id_',
      'browserSession.sessionId_1',
      'sessionHistory.createdAt_1',
    ]);
    expect(listed[1]).toMatchObject({ key: { 'browserSession.sessionId': 1 }, unique: true, sparse: true });
  });

  it.each<{ label: string; key: Record<string, 1>; options: CreateIndexesOptions; code: number }>([
    { label: 'the same name with another key', key: { other: 1 }, options: { name: 'status_1' }, code: 86 },
    {
      label: 'the same key with other options',
      key: { status: 1 },
      options: { name: 'status_1', unique: true },
      code: 85,
    },
    { label: 'the same key under another name', key: { status: 1 }, options: { name: 'status_again' }, code: 85 },
  ])('rejects an index with $label (code $code)', async ({ key, options, code }) => {
    // Prepare
    const collection = target.db.collection('conflicts');
    await collection.createIndex({ status: 1 });

    // Act
    const error = await collection.createIndex(key, options).catch((caught: unknown) => caught);

    // Assess
    expect((error as MongoServerError).code).toBe(code);
  });

  it('lets a sparse unique index ignore documents without the field, and refuses a duplicate value', async () => {
    // Prepare
    const collection = target.db.collection('sparse');
    await collection.createIndex({ 'browserSession.sessionId': 1 }, { unique: true, sparse: true });
    await collection.insertMany([
      { browserSession: {} },
      { browserSession: {} },
      { browserSession: { sessionId: 's1' } },
    ]);

    // Act
    const error = await collection
      .insertOne({ browserSession: { sessionId: 's1' } })
      .catch((caught: unknown) => caught);

    // Assess
    expect((error as MongoServerError).code).toBe(11000);
    expect((error as MongoServerError).message).toContain(
      'index: browserSession.sessionId_1 dup key: { browserSession.sessionId: "s1" }',
    );
    expect(await collection.countDocuments({})).toBe(3);
  });

  it('treats a missing field as null in a unique non-sparse index, and enforces compound keys', async () => {
    // Prepare
    const single = target.db.collection('non_sparse');
    await single.createIndex({ code: 1 }, { unique: true });
    await single.insertOne({ other: 1 });
    const compound = target.db.collection('compound');
    await compound.createIndex({ a: 1, b: 1 }, { unique: true });
    await compound.insertMany([
      { a: 1, b: 1 },
      { a: 1, b: 2 },
    ]);

    // Act
    const missingTwice = await single.insertOne({ other: 2 }).catch((caught: unknown) => caught);
    const compoundDuplicate = await compound.insertOne({ a: 1, b: 2 }).catch((caught: unknown) => caught);
    const updateDuplicate = await compound.updateOne({ b: 1 }, { $set: { b: 2 } }).catch((caught: unknown) => caught);

    // Assess
    expect((missingTwice as MongoServerError).code).toBe(11000);
    expect((compoundDuplicate as MongoServerError).code).toBe(11000);
    expect((updateDuplicate as MongoServerError).code).toBe(11000);
    expect(await compound.countDocuments({ b: 1 })).toBe(1);
  });

  it('refuses to create a unique index over existing duplicates', async () => {
    // Prepare
    const collection = target.db.collection('existing_duplicates');
    await collection.insertMany([{ k: 1 }, { k: 1 }]);

    // Act
    const error = await collection.createIndex({ k: 1 }, { unique: true }).catch((caught: unknown) => caught);

    // Assess
    expect((error as MongoServerError).code).toBe(11000);
    expect((await collection.listIndexes().toArray()).map((index) => index['name'])).toEqual(['_id_']);
  });

  it('drops indexes by name and with "*", never _id_', async () => {
    // Prepare
    const collection = target.db.collection('dropping');
    await collection.createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }, { key: { c: 1 } }]);

    // Act
    await collection.dropIndex('a_1');
    const afterOne = (await collection.listIndexes().toArray()).map((index) => index['name']);
    await collection.dropIndexes();
    const afterAll = (await collection.listIndexes().toArray()).map((index) => index['name']);
    const dropId = await collection.dropIndex('_id_').catch((caught: unknown) => caught);

    // Assess
    expect(afterOne).toEqual(['_id_', 'b_1', 'c_1']);
    expect(afterAll).toEqual(['_id_']);
    expect(dropId).toBeInstanceOf(MongoServerError);
  });
});

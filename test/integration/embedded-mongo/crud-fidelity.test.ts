import { Binary, BSON, Decimal128, Double, Int32, Long, ObjectId, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestTarget, type TestTarget } from './target.ts';

const raw = { promoteValues: false, promoteLongs: false, promoteBuffers: false } as const;

function typedLead(): Document {
  return {
    _id: new ObjectId(),
    integralDouble: new Double(7),
    int32: new Int32(7),
    long: Long.fromString('9007199254740993'),
    decimal: Decimal128.fromString('12.50'),
    uuid: new Binary(Buffer.from('00112233445566778899aabbccddeeff', 'hex'), Binary.SUBTYPE_UUID),
    blob: new Binary(Buffer.from([1, 2, 3])),
    when: new Date('2026-01-02T03:04:05.006Z'),
    browserSession: {
      sessionId: 'session_1',
      localStorage: { 'persist:root': '{"a":1}', 'a.b': new Int32(1), $x: new Int32(2) },
      cookies: [{ name: 'sid', value: 'v', expires: new Date(1_700_000_000_000) }],
    },
    sessionHistory: [{ sessionId: 'session_0', createdAt: new Date(0), score: new Double(1) }],
  };
}

function bytes(document: Document): string {
  return Buffer.from(BSON.serialize(document)).toString('hex');
}

describe('CRUD keeps stored BSON exactly', () => {
  let target: TestTarget;

  beforeAll(async () => {
    target = await connectTestTarget();
  });

  afterAll(async () => {
    await target.close();
  });

  it('returns an inserted document byte for byte (types, subtypes, dotted and $ keys in nested objects)', async () => {
    // Prepare
    const leads = target.db.collection('fidelity');
    const lead = typedLead();

    // Act
    await leads.insertOne(lead);
    const stored = await leads.findOne({ _id: lead['_id'] }, raw);

    // Assess
    expect(stored).not.toBeNull();
    expect(bytes(stored as Document)).toBe(bytes(lead));
  });

  it('keeps every untouched field byte for byte when an update changes another field', async () => {
    // Prepare
    const leads = target.db.collection('fidelity_update');
    const lead = typedLead();
    await leads.insertOne(lead);

    // Act
    await leads.updateOne(
      { _id: lead['_id'] },
      { $set: { 'browserSession.isActive': false, status: 'new' }, $inc: { int32: 1 } },
    );
    const stored = (await leads.findOne({ _id: lead['_id'] }, raw)) as Document;

    // Assess
    expect(stored['int32']).toEqual(new Int32(8));
    expect(stored['status']).toBe('new');
    const { int32: _a, status: _b, browserSession: updatedSession, ...untouched } = stored;
    const { int32: _c, browserSession: originalSession, ...original } = lead;
    expect(bytes(untouched)).toBe(bytes(original));
    expect(bytes({ ...(updatedSession as Document), isActive: undefined })).toBe(
      bytes({ ...(originalSession as Document) }),
    );
    expect(Object.keys(updatedSession as Document)).toEqual([...Object.keys(originalSession as Document), 'isActive']);
  });

  it.each([
    { start: new Int32(1), increment: new Int32(2), expected: new Int32(3) },
    { start: new Double(1), increment: new Int32(2), expected: new Double(3) },
    { start: new Int32(2147483647), increment: new Int32(1), expected: Long.fromString('2147483648') },
    { start: Long.fromNumber(5), increment: new Int32(1), expected: Long.fromNumber(6) },
    { start: new Int32(1), increment: new Double(0.5), expected: new Double(1.5) },
  ])(
    'incrementing $start by $increment stores $expected with its BSON type',
    async ({ start, increment, expected }) => {
      // Prepare
      const counters = target.db.collection('counters');
      const { insertedId } = await counters.insertOne({ value: start });

      // Act
      await counters.updateOne({ _id: insertedId }, { $inc: { value: increment } });
      const stored = (await counters.findOne({ _id: insertedId }, raw)) as Document;

      // Assess
      expect(bytes({ value: stored['value'] })).toBe(bytes({ value: expected }));
    },
  );

  it('stores _id first, generating an ObjectId when the document has none', async () => {
    // Prepare
    const collection = target.db.collection('ids');

    // Act
    await target.db.command({ insert: 'ids', documents: [{ a: 1 }, { a: 2, _id: 'second' }] });
    const documents = await collection.find({}).sort({ a: 1 }).toArray();

    // Assess
    expect(documents.map((document) => Object.keys(document)[0])).toEqual(['_id', '_id']);
    expect(documents[0]?.['_id']).toBeInstanceOf(ObjectId);
    expect(documents[1]?.['_id']).toBe('second');
  });

  it('returns the document before the update by default and after it with returnDocument "after"', async () => {
    // Prepare
    const collection = target.db.collection('find_and_modify');
    await collection.insertOne({ _id: new ObjectId(), name: 'a', version: 1 });

    // Act
    const before = await collection.findOneAndUpdate({ name: 'a' }, { $inc: { version: 1 } });
    const after = await collection.findOneAndUpdate(
      { name: 'a' },
      { $inc: { version: 1 } },
      { returnDocument: 'after', projection: { _id: 0, version: 1 } },
    );

    // Assess
    expect(before?.['version']).toBe(1);
    expect(after).toEqual({ version: 3 });
  });

  it('upserts with $setOnInsert and the query equalities, and ignores $setOnInsert on a match', async () => {
    // Prepare
    const collection = target.db.collection('upserts');

    // Act
    const first = await collection.updateOne(
      { key: 'k', 'nested.level': 1 },
      { $set: { seen: 1 }, $setOnInsert: { created: true } },
      { upsert: true },
    );
    const second = await collection.updateOne(
      { key: 'k' },
      { $set: { seen: 2 }, $setOnInsert: { created: false } },
      { upsert: true },
    );
    const stored = await collection.findOne({ key: 'k' }, { projection: { _id: 0 } });

    // Assess
    expect(first.upsertedCount).toBe(1);
    expect(second.matchedCount).toBe(1);
    expect(stored).toEqual({ key: 'k', nested: { level: 1 }, seen: 2, created: true });
  });

  it.each([
    { projection: { name: 1 }, expected: { name: 'n' } },
    { projection: { _id: 0, 'profile.city': 1 }, expected: { profile: { city: 'c' } } },
    { projection: { _id: 0, profile: 0, tags: 0 }, expected: { name: 'n' } },
    {
      projection: { _id: 0, tags: { $slice: 1 } },
      expected: { name: 'n', profile: { city: 'c', zip: '1' }, tags: ['a'] },
    },
  ])('projects $projection', async ({ projection, expected }) => {
    // Prepare
    const collection = target.db.collection('projections');
    await collection.deleteMany({});
    const { insertedId } = await collection.insertOne({
      name: 'n',
      profile: { city: 'c', zip: '1' },
      tags: ['a', 'b'],
    });

    // Act
    const projected = await collection.findOne({ _id: insertedId }, { projection });

    // Assess
    expect(projected).toEqual(
      'name' in projection && projection.name === 1 ? { _id: insertedId, ...expected } : expected,
    );
  });

  it('replaces a document keeping its _id, and deletes one or many', async () => {
    // Prepare
    const collection = target.db.collection('replace_delete');
    const { insertedIds } = await collection.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);

    // Act
    const replaced = await collection.replaceOne({ n: 1 }, { n: 10, replaced: true });
    const one = await collection.deleteOne({ n: { $gte: 2, $lt: 10 } });
    const many = await collection.deleteMany({ n: { $gte: 2, $lt: 10 } });
    const remaining = await collection.find({}).toArray();

    // Assess
    expect(replaced.modifiedCount).toBe(1);
    expect(one.deletedCount).toBe(1);
    expect(many.deletedCount).toBe(1);
    expect(remaining).toEqual([{ _id: insertedIds[0], n: 10, replaced: true }]);
  });
});

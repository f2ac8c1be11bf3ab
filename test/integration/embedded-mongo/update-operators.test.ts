import { Binary, BSON, Double, Int32, ObjectId, type Document } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectTestTarget, type TestTarget } from './target.ts';

const raw = { promoteValues: false, promoteLongs: false, promoteBuffers: false } as const;
const day = 86_400_000;
const now = Date.UTC(2026, 5, 1);

function history(): Document[] {
  return [
    {
      sessionId: 'a',
      createdAt: new Date(now - 40 * day),
      cookies: [{ name: 'x', value: '1', expires: new Date(now - day) }],
      isActive: false,
    },
    {
      sessionId: 'b',
      createdAt: new Date(now - 10 * day),
      cookies: [{ name: 'y', value: '2', expires: new Date(now + day) }],
      isActive: false,
    },
    { createdAt: 'not a date', cookies: 'broken' },
    { sessionId: 'c', createdAt: new Date(now - day), cookies: [], isActive: true },
  ];
}

describe('update operators', () => {
  let target: TestTarget;
  const id = new ObjectId();

  beforeAll(async () => {
    target = await connectTestTarget();
  });

  beforeEach(async () => {
    await target.db.collection('leads').deleteMany({});
    await target.db
      .collection('leads')
      .insertOne({ _id: id, __v: new Int32(3), sessionHistory: history(), tags: ['a', 'b'] });
  });

  afterAll(async () => {
    await target.close();
  });

  async function lead(): Promise<Document> {
    return (await target.db.collection('leads').findOne({ _id: id })) as Document;
  }

  it.each([
    {
      label: 'field conditions on elements',
      condition: { sessionId: { $in: ['a', 'b'] }, createdAt: { $lt: new Date(now - 20 * day) } },
      kept: ['b', undefined, 'c'],
    },
    {
      label: '$or with $exists and $not $type',
      condition: { $or: [{ sessionId: { $exists: false } }, { createdAt: { $not: { $type: 'date' } } }] },
      kept: ['a', 'b', 'c'],
    },
    {
      label: '$and with $lt on dates',
      condition: { $and: [{ isActive: false }, { createdAt: { $lt: new Date(now - 5 * day) } }] },
      kept: [undefined, 'c'],
    },
    { label: '$type on a field', condition: { cookies: { $type: 'string' } }, kept: ['a', 'b', 'c'] },
  ])('pulling removes the history entries matching $label', async ({ condition, kept }) => {
    // Act
    const result = await target.db
      .collection('leads')
      .updateOne({ _id: id }, { $pull: { sessionHistory: condition }, $inc: { __v: 1 } } as Document);

    // Assess
    const stored = await lead();
    expect(result.modifiedCount).toBe(1);
    expect((stored['sessionHistory'] as Document[]).map((entry) => entry['sessionId'])).toEqual(kept);
    expect(stored['__v']).toBe(4);
  });

  it('accepts $set and $unset of different fields of the same $[s] element and leaves other entries byte for byte', async () => {
    // Prepare
    const before = (await target.db.collection('leads').findOne({ _id: id }, raw)) as Document;
    const blob = new Binary(Buffer.from('compressed'));

    // Act
    const result = await target.db.collection('leads').updateOne(
      { _id: id },
      {
        $set: { 'sessionHistory.$[s].payload': blob, 'sessionHistory.$[s].compression': { codec: 'gzip', v: 1 } },
        $unset: { 'sessionHistory.$[s].cookies': '' },
      },
      { arrayFilters: [{ 's.sessionId': 'a', 's.compression': { $exists: false } }] },
    );

    // Assess
    const after = (await target.db.collection('leads').findOne({ _id: id }, raw)) as Document;
    const [first, ...others] = after['sessionHistory'] as Document[];
    expect(result.modifiedCount).toBe(1);
    expect(Object.keys(first as Document)).toEqual(['sessionId', 'createdAt', 'isActive', 'compression', 'payload']);
    expect(
      Buffer.from(BSON.serialize({ others })).equals(
        Buffer.from(BSON.serialize({ others: (before['sessionHistory'] as Document[]).slice(1) })),
      ),
    ).toBe(true);
  });

  it('does not compress the same entry twice: the array filter no longer matches', async () => {
    // Prepare
    const update = {
      $set: { 'sessionHistory.$[s].compression': { v: 1 } },
      $unset: { 'sessionHistory.$[s].cookies': '' },
    };
    const options = { arrayFilters: [{ 's.sessionId': 'b', 's.compression': { $exists: false } }] };
    await target.db.collection('leads').updateOne({ _id: id }, update, options);

    // Act
    const again = await target.db.collection('leads').updateOne({ _id: id }, update, options);

    // Assess
    expect(again.matchedCount).toBe(1);
    expect(again.modifiedCount).toBe(0);
  });

  it('pulls from a nested array of the entries an array filter selects', async () => {
    // Act
    await target.db
      .collection('leads')
      .updateOne(
        { _id: id },
        { $pull: { 'sessionHistory.$[s].cookies': { expires: { $lt: new Date(now) } } } } as Document,
        { arrayFilters: [{ 's.sessionId': { $in: ['a', 'b'] } }] },
      );

    // Assess
    const entries = (await lead())['sessionHistory'] as Document[];
    expect(entries[0]?.['cookies']).toEqual([]);
    expect(entries[1]?.['cookies']).toHaveLength(1);
  });

  it('updates the element the query matched with the $ positional operator, and every element with $[]', async () => {
    // Act
    await target.db
      .collection('leads')
      .updateOne({ _id: id, 'sessionHistory.sessionId': 'b' }, { $set: { 'sessionHistory.$.isActive': true } });
    await target.db.collection('leads').updateOne({ _id: id }, { $set: { 'sessionHistory.$[].checked': 1 } });

    // Assess
    const entries = (await lead())['sessionHistory'] as Document[];
    expect(entries.map((entry) => entry['isActive'])).toEqual([false, true, undefined, true]);
    expect(entries.every((entry) => entry['checked'] === 1)).toBe(true);
  });

  it('applies $push with $each, $position and $slice, and $addToSet with $each without duplicates', async () => {
    // Act
    await target.db
      .collection('leads')
      .updateOne({ _id: id }, { $push: { tags: { $each: ['z', 'y'], $position: 0, $slice: 3 } } } as Document);
    await target.db.collection('leads').updateOne({ _id: id }, {
      $addToSet: { tags: { $each: ['z', 'new', 'new'] }, numbers: new Int32(1) },
    } as Document);
    await target.db.collection('leads').updateOne({ _id: id }, { $addToSet: { numbers: new Double(1) } } as Document);

    // Assess
    const stored = await lead();
    expect(stored['tags']).toEqual(['z', 'y', 'a', 'new']);
    expect(stored['numbers']).toEqual([1]);
  });

  it('applies $min, $max, $currentDate, $rename, $pop and $unset of an array element', async () => {
    // Act
    await target.db.collection('leads').updateOne({ _id: id }, {
      $min: { first: new Date(now) },
      $max: { __v: 10 },
      $currentDate: { touchedAt: true },
      $rename: { tags: 'labels' },
      $pop: { sessionHistory: 1 },
    } as Document);
    await target.db.collection('leads').updateOne({ _id: id }, { $unset: { 'labels.0': '' } });

    // Assess
    const stored = await lead();
    expect(stored['first']).toEqual(new Date(now));
    expect(stored['__v']).toBe(10);
    expect(stored['touchedAt']).toBeInstanceOf(Date);
    expect(stored['tags']).toBeUndefined();
    expect(stored['labels']).toEqual([null, 'b']);
    expect(stored['sessionHistory']).toHaveLength(3);
  });

  it('reports a match without modification when $set writes the value already stored', async () => {
    // Act
    const result = await target.db.collection('leads').updateOne({ _id: id }, { $set: { __v: new Int32(3) } });

    // Assess
    expect(result.matchedCount).toBe(1);
    expect(result.modifiedCount).toBe(0);
  });

  it('runs a pipeline update and keeps the BSON types of fields it does not change', async () => {
    // Prepare
    await target.db.collection('leads').updateOne({ _id: id }, { $set: { score: new Double(2) } });

    // Act
    await target.db
      .collection('leads')
      .updateOne({ _id: id }, [{ $set: { label: { $concat: ['lead-', { $toString: '$__v' }] } } }]);

    // Assess
    const stored = (await target.db.collection('leads').findOne({ _id: id }, raw)) as Document;
    expect(stored['label']).toBe('lead-3');
    expect(stored['score']).toEqual(new Double(2));
    expect(stored['__v']).toEqual(new Int32(3));
  });
});

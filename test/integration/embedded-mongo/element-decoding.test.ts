import { Double, ObjectId, type Collection, type Document, type UpdateFilter } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPaths } from './both-paths.ts';
import { connectTestTarget, type TestTarget } from './target.ts';

/**
 * Filters, `$pull` conditions, array filters and `$expr` that read fields of array elements, as MongoDB evaluates
 * them (this suite also runs against a real MongoDB with MONGODB_URI). The embedded server decodes elements only as
 * far as such a condition reads and looks array filters up through an index (its fast paths): on the embedded
 * server every case runs twice, with the fast paths and with the general paths only, and both must give MongoDB's
 * answer. Edge cases: missing fields, null vs missing, arrays of non-documents, nested arrays, type brackets.
 */
let target: TestTarget;
let run = 0;

beforeAll(async () => {
  target = await connectTestTarget();
});
afterAll(async () => {
  await target.close();
});

const modes = (generalPathsToo: boolean): { name: string; generalOnly: boolean }[] =>
  target.isEmbedded && generalPathsToo
    ? [
        { name: 'fast paths', generalOnly: false },
        { name: 'general paths', generalOnly: true },
      ]
    : [{ name: 'MongoDB', generalOnly: false }];

/**
 * Runs `work` on a fresh collection holding `documents`, once per mode; returns each mode's result. Without
 * `generalPathsToo`, only the server's default paths run.
 */
async function inEveryMode<T>(
  documents: readonly Document[],
  work: (collection: Collection<Document>) => Promise<T>,
  generalPathsToo = true,
): Promise<T[]> {
  const results: T[] = [];
  for (const mode of modes(generalPathsToo)) {
    const collection = target.db.collection(`elements_${String(run++)}`);
    await collection.insertMany(documents.map((document) => ({ ...document })));
    results.push(await withPaths(mode.generalOnly, () => work(collection)));
  }
  return results;
}

const idsMatching = (filter: Document) => async (collection: Collection<Document>) =>
  (await collection.find(filter, { sort: { _id: 1 } }).toArray()).map((document) => document['_id'] as unknown);

const history: Document[] = [
  {
    _id: 1,
    h: [
      { s: 'x', c: 1, big: 'b'.repeat(50) },
      { s: 'y', c: 2 },
    ],
  },
  { _id: 2, h: [{ s: null, c: '5' }, 'x', 7] },
  { _id: 3, h: [{ c: 3, t: [{ u: 1 }, { u: 2 }] }] },
  { _id: 4, h: [{ t: [[{ u: 1 }]] }, 'x'] },
  { _id: 5, h: { s: 'x', c: 1 } },
  { _id: 6 },
];

describe('find filters on array elements', () => {
  it.each([
    { filter: { h: { $elemMatch: { s: 'x' } } }, ids: [1] },
    { filter: { h: { $elemMatch: { s: null } } }, ids: [2, 3, 4] },
    { filter: { h: { $elemMatch: { s: { $exists: false } } } }, ids: [3, 4] },
    { filter: { h: { $elemMatch: { c: { $gt: 1 } } } }, ids: [1, 3] },
    { filter: { h: { $elemMatch: { c: { $type: 'string' } } } }, ids: [2] },
    { filter: { h: { $elemMatch: { 't.u': 2 } } }, ids: [3] },
    { filter: { h: { $elemMatch: { $or: [{ s: 'y' }, { c: 3 }] } } }, ids: [1, 3] },
    { filter: { 'h.s': 'x' }, ids: [1, 5] },
    { filter: { 'h.c': { $gte: 3 } }, ids: [3] },
    { filter: { 'h.t.u': 1 }, ids: [3] },
    { filter: { h: { $elemMatch: { $gte: 7 } } }, ids: [2] },
  ])('$filter selects $ids', async ({ filter, ids }) => {
    const results = await inEveryMode(history, idsMatching(filter));
    for (const result of results) expect(result).toEqual(ids);
  });

  // Default paths only: on the general paths mingo interprets `$expr`, and its `$type` of an element's field does
  // not tell an Int32 from an integral Double (a known limit of the general paths, not of this fast path).
  it('counts elements in $expr by the stored type of a field, as decoded only in part', async () => {
    // Prepare: an Int32 and an integral Double, which decode to the same JavaScript number.
    const typed = [{ _id: 1, h: [{ c: 1, big: 'b' }, { c: new Double(2) }, 'not a document', { c: 3 }] }];
    const countOf = (type: string) => ({
      $expr: {
        $size: {
          $filter: {
            input: '$h',
            as: 'e',
            cond: { $and: [{ $eq: [{ $type: '$$e' }, 'object'] }, { $eq: [{ $type: '$$e.c' }, type] }] },
          },
        },
      },
    });

    // Act
    const counts = await inEveryMode(
      typed,
      async (collection) => {
        const [document] = await collection
          .aggregate([{ $project: { ints: countOf('int').$expr, doubles: countOf('double').$expr } }])
          .toArray();
        const matchingTwo = (await collection.find({ $expr: { $eq: [countOf('int').$expr, 2] } }).toArray()).length;
        return { ints: document?.ints as number, doubles: document?.doubles as number, matchingTwo };
      },
      false,
    );

    // Assess
    for (const count of counts) expect(count).toEqual({ ints: 2, doubles: 1, matchingTwo: 1 });
  });
});

/** The document after one update, with the update's counts. */
const afterUpdate =
  (filter: Document, update: Document, arrayFilters?: Document[]) => async (collection: Collection<Document>) => {
    const result = await collection.updateOne(
      filter,
      update as UpdateFilter<Document>,
      arrayFilters ? { arrayFilters } : {},
    );
    return {
      matched: result.matchedCount,
      modified: result.modifiedCount,
      document: await collection.findOne(
        filter['$expr'] === undefined ? { _id: filter['_id'] as Document['_id'] } : {},
      ),
    };
  };

describe('$pull conditions on array elements', () => {
  const mixed = [{ _id: 1, h: ['x', { s: 'x', c: 1 }, { s: 'y', c: 2 }, { c: 3 }, 5, { s: 'x', t: [{ u: 1 }] }] }];

  it.each([
    { condition: { s: 'x' }, kept: ['x', { s: 'y', c: 2 }, { c: 3 }, 5] },
    {
      condition: { s: { $exists: false } },
      kept: ['x', { s: 'x', c: 1 }, { s: 'y', c: 2 }, 5, { s: 'x', t: [{ u: 1 }] }],
    },
    { condition: { c: { $gte: 2 } }, kept: ['x', { s: 'x', c: 1 }, 5, { s: 'x', t: [{ u: 1 }] }] },
    { condition: { 't.u': 1 }, kept: ['x', { s: 'x', c: 1 }, { s: 'y', c: 2 }, { c: 3 }, 5] },
    { condition: { $or: [{ s: 'y' }, { c: 3 }] }, kept: ['x', { s: 'x', c: 1 }, 5, { s: 'x', t: [{ u: 1 }] }] },
  ])('$pull of $condition keeps the other elements, non-documents included', async ({ condition, kept }) => {
    const results = await inEveryMode(mixed, afterUpdate({ _id: 1 }, { $pull: { h: condition } }));
    for (const result of results) expect(result).toEqual({ matched: 1, modified: 1, document: { _id: 1, h: kept } });
  });

  it('pulls with a count in $expr only the elements it counted', async () => {
    // Prepare: the daily job's shape: count the document elements the pull will take, then pull them.
    const expression = {
      $eq: [
        {
          $size: {
            $filter: {
              input: { $cond: [{ $isArray: '$h' }, '$h', []] },
              as: 'e',
              cond: { $and: [{ $eq: [{ $type: '$$e' }, 'object'] }, { $in: ['$$e.s', ['x']] }] },
            },
          },
        },
        2,
      ],
    };

    // Act
    const results = await inEveryMode(
      mixed,
      afterUpdate({ $expr: expression }, { $pull: { h: { s: { $in: ['x'] } } } }),
    );

    // Assess
    for (const result of results)
      expect(result).toEqual({
        matched: 1,
        modified: 1,
        document: { _id: 1, h: ['x', { s: 'y', c: 2 }, { c: 3 }, 5] },
      });
  });
});

describe('array filters on array elements', () => {
  const first = new ObjectId('65a000000000000000000001');
  const second = new ObjectId('65a000000000000000000002');
  const entries = [
    {
      _id: 1,
      h: [
        { _id: first, s: 'x', c: 1 },
        { _id: second, s: ['x', 'y'], c: '2' },
        { _id: second, s: 'X', c: 3 },
        'x',
        [{ s: 'z' }],
        { s: 'y', n: null },
        { c: 4 },
      ],
    },
  ];
  const marked = (positions: readonly number[]) =>
    entries[0]?.h.map((entry, position) =>
      positions.includes(position) && typeof entry === 'object' && !Array.isArray(entry)
        ? { ...entry, m: true }
        : entry,
    );

  it.each([
    { filter: { 'e.s': 'x' }, positions: [0, 1] },
    { filter: { 'e.s': 'x', 'e.c': { $type: 'number' } }, positions: [0] },
    { filter: { 'e._id': second }, positions: [1, 2] },
    { filter: { 'e._id': second, 'e.c': { $gte: 2 } }, positions: [2] },
    { filter: { 'e.s': 'y', 'e.n': null }, positions: [1, 5] },
    { filter: { 'e.s': { $exists: false }, 'e.c': { $exists: true } }, positions: [6] },
    { filter: { 'e.s': { $eq: 'X' } }, positions: [2] },
  ])('$filter marks the elements at $positions', async ({ filter, positions }) => {
    const results = await inEveryMode(entries, afterUpdate({ _id: 1 }, { $set: { 'h.$[e].m': true } }, [filter]));
    for (const result of results)
      expect(result).toEqual({ matched: 1, modified: 1, document: { _id: 1, h: marked(positions) } });
  });

  it('selects an element that is an array holding a matching document', async () => {
    const results = await inEveryMode(
      entries,
      afterUpdate({ _id: 1 }, { $set: { 'h.$[e]': 'replaced' } }, [{ 'e.s': 'z' }]),
    );
    const expected = entries[0]?.h.map((entry, position) => (position === 4 ? 'replaced' : entry));
    for (const result of results)
      expect(result).toEqual({ matched: 1, modified: 1, document: { _id: 1, h: expected } });
  });

  it('applies one filter per element, as the weekly job sends them, and matches without change when none selects', async () => {
    // Prepare
    const perEntry = { $set: { 'h.$[a].m': true, 'h.$[b].m': true }, $unset: { 'h.$[a].c': '' } };
    const filters = [
      { 'a._id': first, 'a.s': 'x' },
      { 'b._id': second, 'b.s': 'X', 'b.c': 3 },
    ];

    // Act
    const applied = await inEveryMode(entries, afterUpdate({ _id: 1 }, perEntry, filters));
    const selectingNone = await inEveryMode(
      entries,
      afterUpdate({ _id: 1 }, { $set: { 'h.$[e].m': true } }, [{ 'e.s': 'absent' }]),
    );

    // Assess
    const expected = marked([0, 2]);
    if (expected?.[0] !== undefined) delete (expected[0] as Document).c;
    for (const result of applied)
      expect(result).toEqual({ matched: 1, modified: 1, document: { _id: 1, h: expected } });
    for (const result of selectingNone) expect(result).toEqual({ matched: 1, modified: 0, document: entries[0] });
  });
});

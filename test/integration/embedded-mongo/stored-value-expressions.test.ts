import { BSON, Decimal128, type Document, Double, Int32, Long, MongoClient, ObjectId } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { useGeneralPathsOnly } from '#local/embedded-mongo/query/fast-paths.ts';
import { connectTestTarget, type TestTarget } from './target.ts';

/**
 * Expressions over sub-documents and arrays of a stored document: the embedded server answers `$type`, `$size`,
 * `$isArray`, `$bsonSize`, field paths, `$map` and `$filter` from the stored bytes (query/stored-values.ts) when its
 * fast paths are on. The first suite states MongoDB's answers (it also runs against a real MongoDB); the second runs
 * every case with the fast paths on and off in one in-process server and requires the same bytes back.
 */
const id = new ObjectId();
const entry = {
  sessionId: 's1',
  long: Long.fromNumber(7),
  double: new Double(2),
  int: new Int32(3),
  decimal: Decimal128.fromString('1.5'),
  cookies: [
    { name: 'a', value: 'x' },
    { name: 'b', value: 5 },
    'not a document',
    { value: 'no name' },
    { name: 'c', value: 'y', nested: { deep: [1, 2] } },
  ],
  empty: {},
  inner: { n: new Long(1n), list: [{ k: 1 }, { k: 'two' }, { j: 3 }] },
};
const lead = {
  _id: id,
  history: [entry, { sessionId: 's2', cookies: { _encrypted: true } }, 42, [1, [2, 3]], null],
  current: entry,
  scalar: 'text',
};

const cases: { label: string; expression: unknown; expected: unknown }[] = [
  { label: '$type of a Long reached by a path', expression: { $type: '$current.long' }, expected: 'long' },
  { label: '$type of an integral Double', expression: { $type: '$current.double' }, expected: 'double' },
  { label: '$type of a Decimal128', expression: { $type: '$current.decimal' }, expected: 'decimal' },
  { label: '$type of a nested Long', expression: { $type: '$current.inner.n' }, expected: 'long' },
  { label: '$type of a path through an array', expression: { $type: '$current.cookies.name' }, expected: 'array' },
  { label: '$type of a path past a scalar', expression: { $type: '$scalar.length' }, expected: 'missing' },
  {
    label: '$type of each element of a stored array',
    expression: { $map: { input: '$history', as: 'e', in: { $type: '$$e' } } },
    expected: ['object', 'object', 'int', 'array', 'null'],
  },
  {
    label: '$type of a field of each stored element',
    expression: { $map: { input: '$history', as: 'e', in: { $type: '$$e.cookies' } } },
    expected: ['array', 'object', 'missing', 'array', 'missing'],
  },
  { label: '$size of a stored array', expression: { $size: '$current.cookies' }, expected: 5 },
  { label: '$isArray of a stored document', expression: { $isArray: '$current.inner' }, expected: false },
  { label: '$isArray of a stored array', expression: { $isArray: '$history' }, expected: true },
  {
    label: '$size of a $filter on the types of stored elements',
    expression: {
      $size: {
        $filter: {
          input: '$current.cookies',
          as: 'c',
          cond: {
            $or: [
              { $ne: [{ $type: '$$c' }, 'object'] },
              { $ne: [{ $type: '$$c.name' }, 'string'] },
              { $ne: [{ $type: '$$c.value' }, 'string'] },
            ],
          },
        },
      },
    },
    expected: 3,
  },
  {
    label: 'a $filter result returned whole',
    expression: { $filter: { input: '$current.cookies', as: 'c', cond: { $eq: ['$$c.name', 'c'] } } },
    expected: [{ name: 'c', value: 'y', nested: { deep: [1, 2] } }],
  },
  {
    label: '$map over a $filter result',
    expression: {
      $map: {
        input: { $filter: { input: '$current.cookies', as: 'c', cond: { $eq: [{ $type: '$$c' }, 'object'] } } },
        as: 'c',
        in: '$$c.name',
      },
    },
    expected: ['a', 'b', null, 'c'],
  },
  {
    label: 'a stored sub-document bound by $let and returned',
    expression: { $let: { vars: { e: '$current.inner' }, in: '$$e' } },
    expected: { n: 1, list: [{ k: 1 }, { k: 'two' }, { j: 3 }] },
  },
  {
    label: 'a path through an array inside a stored sub-document',
    expression: { $let: { vars: { e: '$current' }, in: '$$e.inner.list.k' } },
    expected: [1, 'two'],
  },
  {
    label: '$cond passing a stored array on',
    expression: { $cond: [{ $isArray: '$current.cookies' }, '$current.cookies.value', null] },
    expected: ['x', 5, 'no name', 'y'],
  },
  {
    label: '$ifNull passing a stored document on',
    expression: { $ifNull: ['$missing', '$current.empty'] },
    expected: {},
  },
  {
    label: '$bsonSize of a stored sub-document',
    expression: { $bsonSize: '$current' },
    expected: BSON.calculateObjectSize(entry),
  },
  {
    label: '$bsonSize of the stored document',
    expression: { $bsonSize: '$$ROOT' },
    expected: BSON.calculateObjectSize(lead),
  },
  { label: '$bsonSize of a missing field', expression: { $bsonSize: '$current.missing' }, expected: null },
  { label: 'a scalar read through a stored document', expression: '$current.inner.n', expected: 1 },
  {
    label: 'an array literal holding a missing field',
    expression: ['$current.sessionId', '$missing'],
    expected: ['s1', null],
  },
  {
    label: 'the encrypted flag of a stored payload',
    expression: { $map: { input: '$history', as: 'e', in: { $eq: ['$$e.cookies._encrypted', true] } } },
    expected: [false, true, false, false, false],
  },
];

/** `$cond` nested `depth` deep, taking the "then" branch at every level: evaluates to `depth`. */
function nestedCond(depth: number): unknown {
  return depth === 0 ? 0 : { $cond: [{ $isArray: '$history' }, { $add: [nestedCond(depth - 1), 1] }, 'else'] };
}
cases.push({ label: 'a $cond nested 40 deep (each part compiled once)', expression: nestedCond(40), expected: 40 });

/** Pipelines that fail: the same error code either way. */
const failures: { label: string; expression: unknown; code: number }[] = [
  { label: '$size of a stored document', expression: { $size: '$current.inner' }, code: 17124 },
  { label: '$bsonSize of a stored array', expression: { $bsonSize: '$history' }, code: 31393 },
  { label: '$map over a stored document', expression: { $map: { input: '$current', in: 1 } }, code: 16883 },
  { label: '$filter over a stored document', expression: { $filter: { input: '$current', cond: true } }, code: 28651 },
];

const project = (expression: unknown): Document[] => [
  { $match: { _id: id } },
  { $project: { _id: 0, value: expression } },
];

describe('expressions over stored sub-documents and arrays', () => {
  let target: TestTarget;

  beforeAll(async () => {
    target = await connectTestTarget();
    await target.db.collection('stored').insertOne(lead);
  });

  afterAll(async () => {
    await target.close();
  });

  it.each(cases)('evaluates $label', async ({ expression, expected }) => {
    // Act
    const [result] = await target.db.collection('stored').aggregate(project(expression)).toArray();

    // Assess
    expect(result).toEqual({ value: expected });
  });

  it.each(failures)('fails on $label with code $code', async ({ expression, code }) => {
    // Act
    const error = await target.db
      .collection('stored')
      .aggregate(project(expression))
      .toArray()
      .catch((caught: unknown) => caught);

    // Assess
    expect((error as { code?: number }).code).toBe(code);
  });
});

describe('expressions over stored values: fast paths equal general paths', () => {
  let server: EmbeddedMongo;
  let client: MongoClient;

  beforeAll(async () => {
    server = await startEmbeddedMongo();
    client = await new MongoClient(server.uri).connect();
    await client.db('stored_values').collection('stored').insertOne(lead);
  });
  afterEach(() => {
    useGeneralPathsOnly(false);
  });
  afterAll(async () => {
    useGeneralPathsOnly(false);
    await client.close();
    await server.stop();
  });

  /** The reply (BSON types kept) or the error code, with the fast paths on or off. */
  async function run(pipeline: Document[], generalOnly: boolean): Promise<unknown> {
    useGeneralPathsOnly(generalOnly);
    try {
      return await client
        .db('stored_values')
        .collection('stored')
        .aggregate(pipeline, { promoteValues: false, promoteBuffers: false })
        .toArray();
    } catch (error) {
      return { code: (error as { code?: number }).code };
    } finally {
      useGeneralPathsOnly(false);
    }
  }

  const pipelines: { label: string; pipeline: Document[]; fails?: boolean }[] = [
    ...cases.map(({ label, expression }) => ({ label, pipeline: project(expression) })),
    ...failures.map(({ label, expression }) => ({ label, pipeline: project(expression), fails: true })),
    {
      label: 'a $project after a $match on a stored field',
      pipeline: [{ $match: { scalar: 'text' } }, { $project: { scalar: 1, size: { $size: '$history' } } }],
    },
    {
      label: 'an $addFields reading the stored document',
      pipeline: [{ $addFields: { kinds: { $map: { input: '$history', as: 'e', in: { $type: '$$e.long' } } } } }],
    },
    {
      label: 'a $project of $$ROOT',
      pipeline: [{ $project: { _id: 0, root: '$$ROOT', size: { $bsonSize: '$$ROOT' } } }],
    },
    {
      label: "a second $project reading the first one's output",
      pipeline: [
        { $project: { current: 1, first: { $size: '$current.cookies' } } },
        { $project: { first: 1, type: { $type: '$current.long' }, names: '$current.cookies.name' } },
      ],
    },
  ];

  it.each(pipelines)('gives the same reply for $label', async ({ pipeline, fails }) => {
    // Act
    const fast = await run(pipeline, false);
    const general = await run(pipeline, true);

    // Assess: the same reply, and a reply (not two identical failures) unless the case is one that fails.
    expect(fast).toEqual(general);
    expect(fast).not.toEqual([]);
    expect(Array.isArray(fast)).toBe(!fails);
  });
});

/**
 * What the embedded server refuses instead of silently ignoring. Options a real MongoDB 7.0 also refuses (unknown
 * fields, a hint naming no index) run against any target; options MongoDB honours but the embedded server does not
 * implement are embedded-only cases: they must fail with NotImplemented (238) naming the option, a code the driver
 * passes through unchanged (code 20 would become "does not support retryable writes" on writes).
 */
import { type Collection, type Db, type Document, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestTarget, type TestTarget } from './target.ts';

interface RefusalCase {
  readonly label: string;
  readonly act: (collection: Collection<Loose>, db: Db) => Promise<unknown>;
  readonly code: number;
  /** A fragment the error message must contain (the option or stage it names). */
  readonly names: string;
}

const collation = { locale: 'en', strength: 2 };
const runsEmbedded = process.env['MONGODB_URI'] === undefined;

async function serverError(action: () => Promise<unknown>): Promise<MongoServerError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof MongoServerError) return error;
    throw error;
  }
  throw new Error('expected the server to refuse the operation, but it succeeded');
}

let target: TestTarget;
/** Documents with any `_id` type (the driver's default typing assumes ObjectId). */
type Loose = { _id: number; [field: string]: unknown };

let leads: Collection<Loose>;

beforeAll(async () => {
  target = await connectTestTarget();
  leads = target.db.collection<Loose>('leads');
  await leads.insertMany([
    { _id: 1, x: 'ping', n: 1 },
    { _id: 2, x: 'pong', n: 2 },
  ]);
  await leads.createIndex({ n: 1 }, { name: 'n_1' });
  await leads.createIndex({ x: 1 }, { name: 'x_sparse', sparse: true });
});

afterAll(async () => {
  await target.close();
});

const bothServers: RefusalCase[] = [
  {
    label: 'an option find does not know',
    act: (_c, db) => db.command({ find: 'leads', filter: {}, frobnicate: true }),
    code: 40415,
    names: "BSON field 'find.frobnicate' is an unknown field.",
  },
  {
    label: 'an option aggregate does not know',
    act: (_c, db) => db.command({ aggregate: 'leads', pipeline: [], cursor: {}, frobnicate: 1 }),
    code: 40415,
    names: "BSON field 'aggregate.frobnicate' is an unknown field.",
  },
  {
    label: 'an unknown update statement field',
    act: (_c, db) => db.command({ update: 'leads', updates: [{ q: {}, u: { $set: { a: 1 } }, frobnicate: 1 }] }),
    code: 40415,
    names: "BSON field 'update.updates.frobnicate' is an unknown field.",
  },
  ...(
    [
      ['find', (c: Collection<Loose>) => c.find({}, { hint: 'missing_1' }).toArray()],
      ['find (key pattern)', (c: Collection<Loose>) => c.find({}, { hint: { missing: 1 } }).toArray()],
      ['aggregate', (c: Collection<Loose>) => c.aggregate([], { hint: 'missing_1' }).toArray()],
      ['countDocuments', (c: Collection<Loose>) => c.countDocuments({}, { hint: 'missing_1' })],
      ['updateOne', (c: Collection<Loose>) => c.updateOne({ _id: 1 }, { $set: { a: 1 } }, { hint: 'missing_1' })],
      ['deleteOne', (c: Collection<Loose>) => c.deleteOne({ _id: 99 }, { hint: 'missing_1' })],
      [
        'findOneAndUpdate',
        (c: Collection<Loose>) => c.findOneAndUpdate({ _id: 1 }, { $set: { a: 1 } }, { hint: { missing: 1 } }),
      ],
    ] as const
  ).map(([operation, act]) => ({
    label: `${operation} with a hint naming no index`,
    act,
    code: 2,
    names: 'hint provided does not correspond to an existing index',
  })),
];

describe('refusals shared with MongoDB 7.0', () => {
  it.each(bothServers)('$label fails with code $code', async ({ act, code, names }) => {
    // Prepare: the leads collection (two documents, indexes n_1 and x_sparse). Act
    const error = await serverError(() => act(leads, target.db));

    // Assess
    expect(error.code).toBe(code);
    expect(error.message).toContain(names);
  });

  it('accepts a hint naming an existing index, by name or by key pattern, and returns the same documents', async () => {
    // Act
    const byName = await leads.find({ n: { $gte: 1 } }, { hint: 'n_1' }).toArray();
    const byKey = await leads.find({ n: { $gte: 1 } }, { hint: { n: 1 } }).toArray();

    // Assess
    expect(byName.map((document) => document['_id'])).toEqual([1, 2]);
    expect(byKey).toEqual(byName);
  });
});

const notImplemented = 238;

const embeddedOnly: RefusalCase[] = [
  {
    label: 'find collation',
    act: (c) => c.find({ x: 'PING' }, { collation }).toArray(),
    code: notImplemented,
    names: "'collation' option of 'find'",
  },
  {
    label: 'aggregate collation',
    act: (c) => c.aggregate([], { collation }).toArray(),
    code: notImplemented,
    names: "'collation' option of 'aggregate'",
  },
  {
    label: 'count collation',
    act: (c) => c.countDocuments({}, { collation }),
    code: notImplemented,
    names: "'collation' option of 'aggregate'",
  },
  {
    label: 'count command collation',
    act: (_c, db) => db.command({ count: 'leads', query: {}, collation }),
    code: notImplemented,
    names: "'collation' option of 'count'",
  },
  {
    label: 'distinct collation',
    act: (c) => c.distinct('x', {}, { collation }),
    code: notImplemented,
    names: "'collation' option of 'distinct'",
  },
  {
    label: 'updateOne collation',
    act: (c) => c.updateOne({ x: 'PING' }, { $set: { a: 1 } }, { collation }),
    code: notImplemented,
    names: "'collation' option of 'update'",
  },
  {
    label: 'deleteMany collation',
    act: (c) => c.deleteMany({ x: 'PING' }, { collation }),
    code: notImplemented,
    names: "'collation' option of 'delete'",
  },
  {
    label: 'findOneAndUpdate collation',
    act: (c) => c.findOneAndUpdate({ x: 'PING' }, { $set: { a: 1 } }, { collation }),
    code: notImplemented,
    names: "'collation' option of 'findAndModify'",
  },
  {
    label: 'find max',
    act: (c) => c.find({}, { max: { n: 2 }, hint: 'n_1' }).toArray(),
    code: notImplemented,
    names: "'max' option of 'find'",
  },
  {
    label: 'find min',
    act: (c) => c.find({}, { min: { n: 1 }, hint: 'n_1' }).toArray(),
    code: notImplemented,
    names: "'min' option of 'find'",
  },
  {
    label: 'find returnKey',
    act: (c) => c.find({}, { returnKey: true }).toArray(),
    code: notImplemented,
    names: "'returnKey' option of 'find'",
  },
  {
    label: 'find showRecordId',
    act: (c) => c.find({}, { showRecordId: true }).toArray(),
    code: notImplemented,
    names: "'showRecordId' option of 'find'",
  },
  {
    label: 'find tailable',
    act: (c) => c.find({}, { tailable: true }).toArray(),
    code: notImplemented,
    names: "'tailable' option of 'find'",
  },
  {
    label: 'find noCursorTimeout',
    act: (c) => c.find({}, { noCursorTimeout: true }).toArray(),
    code: notImplemented,
    names: "'noCursorTimeout' option of 'find'",
  },
  {
    label: 'a snapshot read concern',
    act: (c) => c.find({}, { readConcern: { level: 'snapshot' } }).toArray(),
    code: notImplemented,
    names: "readConcern level 'snapshot'",
  },
  {
    label: 'a hint naming a sparse index',
    act: (c) => c.find({}, { hint: 'x_sparse' }).toArray(),
    code: notImplemented,
    names: "sparse or partial index 'x_sparse'",
  },
  {
    label: 'the $out stage',
    act: (c) => c.aggregate([{ $out: 'copy' }]).toArray(),
    code: notImplemented,
    names: '$out is not supported',
  },
  {
    label: 'the $merge stage',
    act: (c) => c.aggregate([{ $merge: { into: 'copy' } }]).toArray(),
    code: notImplemented,
    names: '$merge is not supported',
  },
  {
    label: 'a collection validator',
    act: (_c, db) => db.createCollection('validated', { validator: { n: { $type: 'int' } } }),
    code: notImplemented,
    names: "'validator' option of 'create'",
  },
  {
    label: 'a view',
    act: (_c, db) => db.createCollection('view', { viewOn: 'leads', pipeline: [] }),
    code: notImplemented,
    names: "'viewOn' option of 'create'",
  },
  {
    label: 'a capped collection',
    act: (_c, db) => db.createCollection('capped', { capped: true, size: 4096 }),
    code: notImplemented,
    names: "'capped' option of 'create'",
  },
  {
    label: 'a time series collection',
    act: (_c, db) => db.createCollection('series', { timeseries: { timeField: 't' } }),
    code: notImplemented,
    names: "'timeseries' option of 'create'",
  },
  {
    label: 'a collection default collation',
    act: (_c, db) => db.createCollection('collated', { collation }),
    code: notImplemented,
    names: "'collation' option of 'create'",
  },
  {
    label: 'an index collation',
    act: (c) => c.createIndex({ x: 1 }, { name: 'x_collated', collation }),
    code: notImplemented,
    names: "index option 'collation'",
  },
  {
    label: 'a text index',
    act: (c) => c.createIndex({ x: 'text' }),
    code: notImplemented,
    names: "'text' index on 'x'",
  },
  {
    label: 'a 2dsphere index',
    act: (c) => c.createIndex({ x: '2dsphere' }),
    code: notImplemented,
    names: "'2dsphere' index on 'x'",
  },
  {
    label: 'a hashed index',
    act: (c) => c.createIndex({ x: 'hashed' }),
    code: notImplemented,
    names: "'hashed' index on 'x'",
  },
  {
    label: 'a wildcard index',
    act: (c) => c.createIndex({ '$**': 1 }),
    code: notImplemented,
    names: "wildcard index key '$**'",
  },
  {
    label: 'an index commit quorum',
    act: (c) => c.createIndex({ n: -1 }, { commitQuorum: 'majority' }),
    code: notImplemented,
    names: "'commitQuorum' option of 'createIndexes'",
  },
  {
    label: 'latency statistics',
    act: (c) => c.aggregate([{ $collStats: { latencyStats: {} } }]).toArray(),
    code: notImplemented,
    names: "'latencyStats' option of $collStats",
  },
  {
    label: 'idle connections in $currentOp',
    act: () =>
      target.client
        .db('admin')
        .aggregate([{ $currentOp: { idleConnections: true } }])
        .toArray(),
    code: notImplemented,
    names: "'idleConnections: true'",
  },
  {
    label: 'explaining an update',
    act: (_c, db) => db.command({ explain: { update: 'leads', updates: [{ q: {}, u: { $set: { a: 1 } } }] } }),
    code: notImplemented,
    names: "Explaining 'update'",
  },
  // MongoDB 8.0 added `sort` to update statements; 7.0, the version the embedded server reports, rejects it.
  {
    label: 'updateOne with sort (a 7.0 server rejects it)',
    act: (c) => c.updateOne({}, { $set: { a: 1 } }, { sort: { n: -1 } }),
    code: 40415,
    names: "BSON field 'update.updates.sort' is an unknown field.",
  },
  {
    label: 'replaceOne with sort (a 7.0 server rejects it)',
    act: (c) => c.replaceOne({}, { a: 1 }, { sort: { n: -1 } }),
    code: 40415,
    names: "BSON field 'update.updates.sort' is an unknown field.",
  },
];

describe.runIf(runsEmbedded)('embedded server only: MongoDB features it refuses instead of ignoring', () => {
  it.each(embeddedOnly)('refuses $label with code $code, naming it', async ({ act, code, names }) => {
    // Prepare: the leads collection (two documents, indexes n_1 and x_sparse). Act
    const error = await serverError(() => act(leads, target.db));

    // Assess
    expect(error.code).toBe(code);
    expect(error.message).toContain(names);
    expect(error.message).not.toContain('retryable writes');
  });

  it('leaves the data untouched by refused writes', async () => {
    // Act
    const documents: Document[] = await leads.find({}, { sort: { _id: 1 } }).toArray();

    // Assess
    expect(documents).toEqual([
      { _id: 1, x: 'ping', n: 1 },
      { _id: 2, x: 'pong', n: 2 },
    ]);
    expect(await target.db.listCollections({ name: { $ne: 'leads' } }).toArray()).toEqual([]);
  });
});

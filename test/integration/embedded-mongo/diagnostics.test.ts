/**
 * What the tools people point at a server ask for: explain, $collStats, $currentOp, validate, renameCollection.
 * Plan shapes and counters are the embedded server's own (a real server's differ in detail), so the explain and
 * $currentOp cases are embedded-only; sizes are checked against an independent count of the BSON bytes.
 */
import { BSON, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestTarget, type TestTarget } from './target.ts';

const runsEmbedded = process.env['MONGODB_URI'] === undefined;
const leadCount = 40;

let target: TestTarget;
/** Documents with any `_id` type (the driver's default typing assumes ObjectId). */
type Loose = { _id: number; [field: string]: unknown };

let leads: Collection<Loose>;
let expectedBytes = 0;

beforeAll(async () => {
  target = await connectTestTarget();
  leads = target.db.collection<Loose>('leads');
  const documents = Array.from({ length: leadCount }, (_, index) => ({
    _id: index,
    email: `lead${String(index)}@example.com`,
    sessions: Array.from({ length: index % 4 }, (_unused, session) => ({ id: session, active: session % 2 === 0 })),
  }));
  expectedBytes = documents.reduce((total, document) => total + BSON.calculateObjectSize(document), 0);
  await leads.insertMany(documents);
  await leads.createIndex({ email: 1 }, { name: 'email_1', unique: true });
});

afterAll(async () => {
  await target.close();
});

/** The error code an operation fails with (undefined when it succeeds). */
async function codeOf(operation: Promise<unknown>): Promise<number | undefined> {
  try {
    await operation;
    return undefined;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}

async function winningStage(explained: Document): Promise<string[]> {
  const stages: string[] = [];
  for (let plan = explained['queryPlanner']['winningPlan']; plan !== undefined; plan = plan['inputStage'])
    stages.push(String(plan['stage']));
  return stages;
}

describe.runIf(runsEmbedded)('embedded server only: explain names the plan it follows', () => {
  it('IDHACK for an _id equality, examining one key and one document', async () => {
    // Act
    const explained = await leads.find({ _id: 7 }).explain('executionStats');

    // Assess
    expect(await winningStage(explained)).toEqual(['IDHACK']);
    expect(explained['executionStats']).toMatchObject({ nReturned: 1, totalKeysExamined: 1, totalDocsExamined: 1 });
  });

  it('FETCH over an IXSCAN of _id_ for an _id range, examining only the range', async () => {
    // Act
    const explained = await leads.find({ _id: { $gte: 10, $lt: 20 }, email: { $ne: 'x' } }).explain('executionStats');

    // Assess
    expect(await winningStage(explained)).toEqual(['FETCH', 'IXSCAN']);
    expect(explained['queryPlanner']['winningPlan']['inputStage']['indexName']).toBe('_id_');
    expect(explained['executionStats']).toMatchObject({ nReturned: 10, totalKeysExamined: 10, totalDocsExamined: 10 });
  });

  it('COLLSCAN with SORT and LIMIT otherwise, examining every document', async () => {
    // Act
    const explained = await leads.find({ email: /lead1/ }).sort({ email: -1 }).limit(3).explain('executionStats');

    // Assess
    expect(await winningStage(explained)).toEqual(['LIMIT', 'SORT', 'COLLSCAN']);
    expect(explained['executionStats']).toMatchObject({
      nReturned: 3,
      totalKeysExamined: 0,
      totalDocsExamined: leadCount,
    });
  });

  it('queryPlanner only, by default verbosity of explain("queryPlanner"), and the $cursor stage for aggregate', async () => {
    // Act
    const planned = await leads.find({ _id: { $in: [1, 2, 99] } }).explain('queryPlanner');
    const aggregated = await leads
      .aggregate([{ $match: { _id: { $lt: 5 } } }, { $group: { _id: null, n: { $sum: 1 } } }])
      .explain('executionStats');

    // Assess
    expect(planned['executionStats']).toBeUndefined();
    expect(await winningStage(planned)).toEqual(['FETCH', 'IXSCAN']);
    expect(aggregated['stages'][0]['$cursor']['executionStats']).toMatchObject({ nReturned: 5, totalDocsExamined: 5 });
    expect(aggregated['stages'][1]).toEqual({ $group: { _id: null, n: { $sum: 1 } } });
  });
});

describe('$collStats and collStats', () => {
  it('report the document count and the stored BSON bytes', async () => {
    // Act
    const [stats] = await leads.aggregate([{ $collStats: { storageStats: {}, count: {} } }]).toArray();

    // Assess
    expect(stats?.['count']).toBe(leadCount);
    expect(stats?.['storageStats']).toMatchObject({ count: leadCount, nindexes: 2 });
    if (runsEmbedded) {
      expect(stats?.['storageStats']).toMatchObject({
        size: expectedBytes,
        avgObjSize: Math.floor(expectedBytes / leadCount),
      });
    }
  });

  it('scales sizes like MongoDB (integer division)', async () => {
    // Act
    const [stats] = await leads.aggregate([{ $collStats: { storageStats: { scale: 1024 } } }]).toArray();

    // Assess
    expect(stats?.['storageStats']['scaleFactor']).toBe(1024);
    if (runsEmbedded) expect(stats?.['storageStats']['size']).toBe(Math.floor(expectedBytes / 1024));
  });

  it('the collStats and dbStats commands scale sizes too', async () => {
    // Act
    const collection = await target.db.command({ collStats: 'leads', scale: 1024 });
    const database = await target.db.command({ dbStats: 1, scale: 1024 });

    // Assess
    expect(collection).toMatchObject({ count: leadCount, scaleFactor: 1024 });
    expect(database['scaleFactor']).toBe(1024);
    if (runsEmbedded) {
      expect(collection['size']).toBe(Math.floor(expectedBytes / 1024));
      expect(database['dataSize']).toBe(Math.floor(expectedBytes / 1024));
    }
  });

  it('fails with 26 for a collection that does not exist', async () => {
    // Act
    const code = await codeOf(
      target.db
        .collection('missing')
        .aggregate([{ $collStats: { storageStats: {} } }])
        .toArray(),
    );

    // Assess
    expect(code).toBe(26);
  });
});

describe.runIf(runsEmbedded)('embedded server only: $currentOp', () => {
  it('lists the running command, and the open cursors with idleCursors', async () => {
    // Prepare: a cursor left open after its first batch
    const cursor = leads.find({}, { batchSize: 5 });
    await cursor.next();

    // Act
    const operations = await target.client
      .db('admin')
      .aggregate([{ $currentOp: { allUsers: true, idleCursors: true } }])
      .toArray();
    await cursor.close();

    // Assess
    const running = operations.filter((operation) => operation['type'] === 'op');
    const idle = operations.filter((operation) => operation['type'] === 'idleCursor');
    expect(running).toHaveLength(1);
    expect(running[0]?.['command']['pipeline'][0]).toEqual({ $currentOp: { allUsers: true, idleCursors: true } });
    expect(idle).toHaveLength(1);
    expect(idle[0]).toMatchObject({
      ns: leads.namespace,
      cursor: { nDocsReturned: 5, originatingCommand: { find: 'leads' } },
    });
  });
});

describe('validate and renameCollection', () => {
  it('validate counts records and index keys', async () => {
    // Act
    const result = await target.db.command({ validate: 'leads' });

    // Assess
    expect(result).toMatchObject({
      valid: true,
      nrecords: leadCount,
      nIndexes: 2,
      keysPerIndex: { _id_: leadCount, email_1: leadCount },
    });
  });

  it('renameCollection moves documents and indexes; the old name is gone', async () => {
    // Prepare
    const source = target.db.collection<Loose>('before');
    await source.insertMany([
      { _id: 1, a: 1 },
      { _id: 2, a: 2 },
    ]);
    await source.createIndex({ a: 1 }, { name: 'a_1', unique: true });

    // Act
    const renamed = await source.rename('after');

    // Assess
    expect(await renamed.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
      { _id: 1, a: 1 },
      { _id: 2, a: 2 },
    ]);
    expect((await renamed.indexes()).map((index) => index.name)).toEqual(['_id_', 'a_1']);
    expect(await target.db.listCollections({ name: 'before' }).toArray()).toEqual([]);
    await expect(target.db.collection<Loose>('after').insertOne({ _id: 3, a: 1 })).rejects.toMatchObject({
      code: 11000,
    });
  });

  it('renameCollection onto an existing collection needs dropTarget', async () => {
    // Prepare
    await target.db.collection('occupied').insertOne({ x: 1 });
    await target.db.collection('mover').insertOne({ y: 1 });

    // Act
    const refused = await codeOf(target.db.collection('mover').rename('occupied'));
    const moved = await target.db.collection('mover').rename('occupied', { dropTarget: true });

    // Assess
    expect(refused).toBe(48);
    expect(await moved.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ y: 1 }]);
  });
});

import type { CommandStartedEvent, CommandSucceededEvent, Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestTarget, type TestTarget } from './target.ts';

describe('cursors', () => {
  let target: TestTarget;
  const started: CommandStartedEvent[] = [];
  const succeeded: CommandSucceededEvent[] = [];

  beforeAll(async () => {
    target = await connectTestTarget({ monitorCommands: true });
    target.client.on('commandStarted', (event) => started.push(event));
    target.client.on('commandSucceeded', (event) => succeeded.push(event));
    await target.db.collection('numbers').insertMany(Array.from({ length: 25 }, (_, n) => ({ n })));
  });

  afterAll(async () => {
    await target.close();
  });

  it('returns every document across getMore batches with a small batchSize', async () => {
    // Prepare
    started.length = 0;

    // Act
    const documents = await target.db.collection('numbers').find({}, { batchSize: 4 }).sort({ n: 1 }).toArray();

    // Assess
    expect(documents.map((document) => document['n'])).toEqual(Array.from({ length: 25 }, (_, n) => n));
    expect(started.filter((event) => event.commandName === 'getMore')).toHaveLength(6);
  });

  it('honours limit and skip with a batch size smaller than the limit', async () => {
    // Act
    const documents = await target.db
      .collection('numbers')
      .find({ n: { $gte: 3 } }, { batchSize: 2 })
      .sort({ n: -1 })
      .skip(2)
      .limit(5)
      .toArray();

    // Assess
    expect(documents.map((document) => document['n'])).toEqual([22, 21, 20, 19, 18]);
  });

  it('kills the server cursor when a cursor is closed early', async () => {
    // Prepare
    succeeded.length = 0;
    const cursor = target.db.collection('numbers').find({}, { batchSize: 3 });
    await cursor.next();

    // Act
    await cursor.close();

    // Assess
    const killed = succeeded.find((event) => event.commandName === 'killCursors');
    expect(killed).toBeDefined();
    expect((killed?.reply as Document)['cursorsKilled']).toHaveLength(1);
  });

  it('answers getMore on a killed cursor with code 43 CursorNotFound', async () => {
    // Prepare
    const first = await target.db.command({ find: 'numbers', batchSize: 2 }, { promoteLongs: false });
    const cursorId = (first['cursor'] as Document)['id'];
    await target.db.command({ killCursors: 'numbers', cursors: [cursorId] });

    // Act
    const error = await target.db
      .command({ getMore: cursorId, collection: 'numbers' })
      .catch((caught: unknown) => caught);

    // Assess
    expect((error as { code: number }).code).toBe(43);
  });

  it('streams aggregate results through a cursor', async () => {
    // Act
    const documents = await target.db
      .collection('numbers')
      .aggregate([{ $match: { n: { $lt: 10 } } }, { $project: { _id: 0, double: { $multiply: ['$n', 2] } } }], {
        batchSize: 3,
      })
      .toArray();

    // Assess
    expect(documents).toHaveLength(10);
    expect(documents.map((document) => document['double']).sort((a, b) => a - b)).toEqual([
      0, 2, 4, 6, 8, 10, 12, 14, 16, 18,
    ]);
  });

  it('reads an _id range in _id order, one page at a time', async () => {
    // Prepare
    const all = await target.db.collection('numbers').find({}).sort({ _id: 1 }).toArray();
    const from = all[5]?.['_id'];
    const to = all[15]?.['_id'];

    // Act
    const page = await target.db
      .collection('numbers')
      .find({ _id: { $gte: from, $lt: to } })
      .sort({ _id: 1 })
      .toArray();
    const tenth = await target.db.collection('numbers').find({}).sort({ _id: 1 }).skip(10).limit(1).toArray();

    // Assess
    expect(page.map((document) => document['n'])).toEqual(all.slice(5, 15).map((document) => document['n']));
    expect(tenth[0]?.['_id']).toEqual(all[10]?.['_id']);
  });
});

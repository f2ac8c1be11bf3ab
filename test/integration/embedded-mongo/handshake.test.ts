import { MongoClient, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { connectTestTarget, type TestTarget } from './target.ts';

describe('handshake and server commands', () => {
  let target: TestTarget;

  beforeAll(async () => {
    target = await connectTestTarget();
  });

  afterAll(async () => {
    await target.close();
  });

  it('answers ping with ok 1', async () => {
    // Act
    const reply = await target.db.command({ ping: 1 });

    // Assess
    expect(reply['ok']).toBe(1);
  });

  it('reports a 7.x-like version in buildInfo', async () => {
    // Act
    const reply = await target.db.admin().command({ buildInfo: 1 });

    // Assess
    expect(reply['version']).toMatch(/^\d+\.\d+\.\d+/);
    expect(Number(String(reply['version']).split('.')[0])).toBeGreaterThanOrEqual(5);
  });

  it('describes a writable server in hello, with wire version 9 or more', async () => {
    // Act
    const reply = await target.db.admin().command({ hello: 1 });

    // Assess
    expect(reply['isWritablePrimary']).toBe(true);
    expect(reply['maxWireVersion']).toBeGreaterThanOrEqual(9);
    expect(reply['maxBsonObjectSize']).toBe(16 * 1024 * 1024);
  });

  it('rejects an unknown command with code 59 CommandNotFound', async () => {
    // Act
    const error = await target.db.command({ noSuchCmd: 1 }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(59);
    expect((error as MongoServerError).message).toContain("no such command: 'noSuchCmd'");
  });

  it('accepts dropping a collection that does not exist (the driver reports false instead of throwing)', async () => {
    // Act
    const dropped = await target.db.collection('never_created').drop();

    // Assess
    expect(dropped).toBe(false);
  });

  it('answers a raw drop of a missing collection with code 26 NamespaceNotFound', async () => {
    // Act
    const error = await target.db.command({ drop: 'never_created' }).catch((caught: unknown) => caught);

    // Assess
    expect((error as MongoServerError).code).toBe(26);
  });

  it('lists the test database and its collections once data exists', async () => {
    // Prepare
    await target.db.collection('listed').insertOne({ a: 1 });

    // Act
    const databases = await target.db.admin().listDatabases({ nameOnly: true });
    const collections = await target.db.listCollections({ name: 'listed' }).toArray();

    // Assess
    expect(databases.databases.map((database) => database.name)).toContain(target.db.databaseName);
    expect(collections.map((collection) => collection.name)).toEqual(['listed']);
  });
});

describe('embedded server API', () => {
  it('counts every command it receives', async () => {
    // Prepare
    const server = await startEmbeddedMongo();
    const client = await new MongoClient(server.uri).connect();
    const before = server.commandCount();

    // Act
    for (let i = 0; i < 3; i++) await client.db('counting').command({ ping: 1 });
    const after = server.commandCount();
    await client.close();
    await server.stop();

    // Assess
    expect(before).toBeGreaterThan(0);
    expect(after - before).toBeGreaterThanOrEqual(3);
  });

  it('gives a uri on 127.0.0.1 with the port it listens on', async () => {
    // Act
    const server = await startEmbeddedMongo({ port: 0 });
    await server.stop();

    // Assess
    expect(server.uri).toBe(`mongodb://127.0.0.1:${String(server.port)}`);
    expect(server.port).toBeGreaterThan(0);
  });
});

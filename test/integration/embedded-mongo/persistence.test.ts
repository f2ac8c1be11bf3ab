import { mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MongoServerError } from 'mongodb';
import { BSON, Double, type Document, Long, MongoClient, ObjectId } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedMongo, startEmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { countPersistedDocuments, removePersistedDatabase } from '#local/embedded-mongo/storage/snapshot-files.ts';

const raw = { promoteValues: false, promoteLongs: false, promoteBuffers: false } as const;

async function withServer<T>(
  dataDir: string,
  work: (client: MongoClient, server: EmbeddedMongo) => Promise<T>,
): Promise<T> {
  const server = await startEmbeddedMongo({ dataDir });
  const client = await new MongoClient(server.uri).connect();
  try {
    return await work(client, server);
  } finally {
    await client.close();
    await server.stop();
  }
}

describe('embedded server persistence (dataDir)', () => {
  const directories: string[] = [];

  afterEach(async () => {
    await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
  });

  async function dataDir(): Promise<string> {
    const directory = await mkdtemp(join(tmpdir(), 'embedded-mongo-'));
    directories.push(directory);
    return directory;
  }

  it('restores documents byte for byte and index specs after stop and start', async () => {
    // Prepare
    const directory = await dataDir();
    const lead = {
      _id: new ObjectId(),
      score: new Double(3),
      big: Long.fromString('9007199254740993'),
      nested: { 'a.b': 1, $x: 2 },
    };
    await withServer(directory, async (client) => {
      await client.db('app').collection('leads').insertOne(lead);
      await client.db('app').collection('leads').createIndex({ code: 1 }, { unique: true, sparse: true });
      await client.db('other').collection('runs').insertOne({ n: 1 });
    });

    // Act
    const restored = await withServer(directory, async (client) => ({
      lead: await client.db('app').collection('leads').findOne({ _id: lead._id }, raw),
      indexes: await client.db('app').collection('leads').listIndexes().toArray(),
      runs: await client.db('other').collection('runs').countDocuments({}),
      duplicate: await client
        .db('app')
        .collection('leads')
        .insertMany([{ code: 'x' }, { code: 'x' }])
        .catch((caught: unknown) => caught),
    }));

    // Assess
    expect(Buffer.from(BSON.serialize(restored.lead as Document)).equals(Buffer.from(BSON.serialize(lead)))).toBe(true);
    expect(restored.indexes.map((index) => index['name'])).toEqual(['_id_', 'code_1']);
    expect(restored.runs).toBe(1);
    expect((restored.duplicate as MongoServerError).code).toBe(11000);
  });

  it('forgets dropped collections and leaves no temporary files', async () => {
    // Prepare
    const directory = await dataDir();
    await withServer(directory, async (client) => {
      await client.db('app').collection('kept').insertOne({ a: 1 });
      await client.db('app').collection('dropped').insertOne({ a: 1 });
    });
    await withServer(directory, async (client) => {
      await client.db('app').collection('dropped').drop();
    });

    // Act
    const collections = await withServer(directory, async (client) =>
      (await client.db('app').listCollections().toArray()).map((info) => info.name),
    );
    const files = await readdir(join(directory, 'app'));

    // Assess
    expect(collections).toEqual(['kept']);
    expect(files.sort()).toEqual(['kept.bson', 'kept.meta.json']);
  });

  it('starts empty when the data directory does not exist yet', async () => {
    // Prepare
    const directory = join(await dataDir(), 'not-yet');

    // Act
    const names = await withServer(
      directory,
      async (client) => (await client.db('admin').admin().listDatabases({ nameOnly: true })).databases,
    );

    // Assess
    expect(names).toEqual([]);
  });

  it('counts and removes a database snapshot without loading it, leaving the other databases', async () => {
    // Prepare
    const directory = await dataDir();
    const sizes = [1, 40, 3000];
    await withServer(directory, async (client) => {
      await client
        .db('demo')
        .collection('leads')
        .insertMany(sizes.map((size) => ({ padding: 'x'.repeat(size) })));
      await client.db('demo').collection('runs').insertOne({ n: 1 });
      await client.db('other').collection('leads').insertOne({ n: 2 });
    });

    // Act
    const counted = await countPersistedDocuments(directory, 'demo', 'leads');
    const absent = await countPersistedDocuments(directory, 'demo', 'missing');
    await removePersistedDatabase(directory, 'demo');
    const remaining = await withServer(directory, async (client) => ({
      names: (await client.db('admin').admin().listDatabases({ nameOnly: true })).databases.map(({ name }) => name),
      other: await client.db('other').collection('leads').countDocuments({}),
    }));

    // Assess
    expect(counted).toBe(sizes.length);
    expect(absent).toBe(0);
    expect(remaining).toEqual({ names: ['other'], other: 1 });
  });

  it('refuses to count a snapshot whose last document is cut short', async () => {
    // Prepare
    const directory = await dataDir();
    await withServer(directory, async (client) => {
      await client
        .db('demo')
        .collection('leads')
        .insertMany([{ n: 1 }, { n: 2 }]);
    });
    const file = join(directory, 'demo', 'leads.bson');
    await truncate(file, (await stat(file)).size - 3);

    // Act
    const counting = countPersistedDocuments(directory, 'demo', 'leads');

    // Assess
    await expect(counting).rejects.toThrow(/leads\.bson: truncated document/);
  });
});

import { mkdtemp, rm, stat, truncate } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedMongoThread } from '#local/embedded-mongo/thread.ts';

describe('the embedded server in a worker thread', () => {
  const directories: string[] = [];
  afterEach(async () => {
    await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
  });
  async function dataDir(): Promise<string> {
    const directory = await mkdtemp(join(tmpdir(), 'embedded-thread-'));
    directories.push(directory);
    return directory;
  }

  it('serves the driver, saves its data on stop and loads it again in a new thread', async () => {
    // Prepare
    const directory = await dataDir();
    const first = await startEmbeddedMongoThread({ dataDir: directory });
    const client = await new MongoClient(first.uri).connect();
    await client
      .db('demo')
      .collection('leads')
      .insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await client.close();

    // Act
    await first.stop();
    await first.stop();
    const second = await startEmbeddedMongoThread({ dataDir: directory });
    const reader = await new MongoClient(second.uri).connect();
    const numbers = await reader
      .db('demo')
      .collection('leads')
      .find({}, { sort: { n: 1 }, projection: { _id: 0 } })
      .toArray();
    await reader.close();
    await second.stop();

    // Assess
    expect(first.uri).toBe(`mongodb://127.0.0.1:${String(first.port)}`);
    expect(numbers).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('fails to start with the reason and code of the thread: a port already in use', async () => {
    // Prepare
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;

    // Act
    const starting = startEmbeddedMongoThread({ port });

    // Assess
    await expect(starting).rejects.toMatchObject({ code: 'EADDRINUSE', message: expect.stringMatching(/EADDRINUSE/) });
    await new Promise<void>((resolve) => taken.close(() => resolve()));
  });

  it('fails to start naming the damaged file when its data folder holds a cut-short snapshot', async () => {
    // Prepare
    const directory = await dataDir();
    const server = await startEmbeddedMongoThread({ dataDir: directory });
    const client = await new MongoClient(server.uri).connect();
    await client
      .db('demo')
      .collection('leads')
      .insertMany([{ n: 1 }, { n: 2 }]);
    await client.close();
    await server.stop();
    const file = join(directory, 'demo', 'leads.bson');
    await truncate(file, (await stat(file)).size - 3);

    // Act
    const starting = startEmbeddedMongoThread({ dataDir: directory });

    // Assess
    await expect(starting).rejects.toThrow(/leads\.bson: truncated document/);
  });

  it('refuses to save once stopped, saying that its thread ended', async () => {
    // Prepare
    const server = await startEmbeddedMongoThread();
    await server.stop();

    // Act
    const saving = server.save();

    // Assess
    await expect(saving).rejects.toThrow(/embedded server's thread ended/);
  });
});

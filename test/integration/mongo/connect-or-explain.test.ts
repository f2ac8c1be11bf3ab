import { createServer, type Server } from 'node:net';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOrExplain, seedHosts } from '#shared/mongo/connect-or-explain.ts';
import { openLeaseReader } from '#local/cli/status/lease-reader.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';

/** A port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const timeoutMs = 2500;
const clientFor = (uri: string) =>
  new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });

describe('seedHosts', () => {
  it.each([
    [
      'mongodb://ops:pw@db1:27018,db2/app?authSource=admin',
      [
        { host: 'db1', port: 27018 },
        { host: 'db2', port: 27017 },
      ],
    ],
    ['mongodb://[::1]:27019/app', [{ host: '::1', port: 27019 }]],
    ['mongodb+srv://ops:pw@cluster0.example.net/app', []],
  ])('%s', (uri, expected) => {
    expect(seedHosts(uri)).toEqual(expected);
  });
});

describe('connectOrExplain', () => {
  let embedded: EmbeddedMongo;
  beforeAll(async () => {
    embedded = await startEmbeddedMongo({ port: 0 });
  });
  afterAll(async () => embedded?.stop());

  it('gives up on a refused port at once, not after the timeout', async () => {
    // Prepare
    const uri = `mongodb://ops:secret-pw@127.0.0.1:${await closedPort()}/app`;
    const client = clientFor(uri);

    // Act
    const started = performance.now();
    const failure = await connectOrExplain(client, { uri, source: 'MONGODB_URI', timeoutMs }).catch((e: Error) => e);
    const elapsedMs = performance.now() - started;
    await client.close();

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(
      /^cannot reach MongoDB at 127\.0\.0\.1:\d+ \(MONGODB_URI\): connection refused/,
    );
    expect((failure as Error).message).not.toContain('secret-pw');
    expect(elapsedMs).toBeLessThan(timeoutMs);
  });

  it('still names the refusal when the event loop was blocked past the timeout', async () => {
    // Prepare: as when module loading keeps the loop busy after connecting started, the driver's timer and the
    // refusal are both due in the same turn, and the timer runs first.
    const uri = `mongodb://127.0.0.1:${await closedPort()}/app`;
    const client = clientFor(uri);

    // Act
    const outcome = connectOrExplain(client, { uri, source: 'MONGODB_URI', timeoutMs }).catch((e: Error) => e);
    const blockedUntil = performance.now() + timeoutMs + 500;
    while (performance.now() < blockedUntil) {
      // busy: nothing else runs
    }
    const failure = await outcome;
    await client.close();

    // Assess
    expect((failure as Error).message).toMatch(/: connection refused/);
  });

  it('connects to a server that answers', async () => {
    const client = clientFor(embedded.uri);
    await expect(
      connectOrExplain(client, { uri: embedded.uri, source: 'MONGODB_URI', timeoutMs }),
    ).resolves.toBeUndefined();
    expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
    await client.close();
  });
});

describe('status --remote lease reader', () => {
  it('fails with the same one-line message as every command', async () => {
    const uri = `mongodb://127.0.0.1:${await closedPort()}/app`;
    await expect(openLeaseReader(uri, undefined)).rejects.toThrow(
      /^cannot reach MongoDB at 127\.0\.0\.1:\d+ \(MONGODB_URI\): connection refused/,
    );
  });
});

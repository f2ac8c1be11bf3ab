/**
 * Where the conformance suite runs: the embedded server by default, a real MongoDB when MONGODB_URI is set
 * (`MONGODB_URI=mongodb://host:27017 npm run test:integration -- embedded-mongo`). Each call gets its own database,
 * dropped again by `close()`, so suites never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import { type Db, MongoClient, type MongoClientOptions } from 'mongodb';
import { type EmbeddedMongo, startEmbeddedMongo } from '#local/embedded-mongo/index.ts';

export interface TestTarget {
  readonly client: MongoClient;
  readonly db: Db;
  readonly uri: string;
  /** Drops the test database, closes the client and stops the embedded server (if one was started). */
  close(): Promise<void>;
  readonly isEmbedded: boolean;
  /** The embedded server, when the suite runs against it. */
  readonly embedded?: EmbeddedMongo;
}

/**
 * Connects to the configured target with a fresh, uniquely named database. Command monitoring is on by default
 * (`client.on('commandStarted', ...)` works), other client options can be passed.
 */
export async function connectTestTarget(clientOptions: MongoClientOptions = {}): Promise<TestTarget> {
  const externalUri = process.env['MONGODB_URI'];
  const embedded = externalUri ? undefined : await startEmbeddedMongo();
  const uri = externalUri ?? (embedded as EmbeddedMongo).uri;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000, monitorCommands: true, ...clientOptions });
  await client.connect();
  const db = client.db(`conformance_${randomBytes(6).toString('hex')}`);
  return {
    client,
    db,
    uri,
    isEmbedded: embedded !== undefined,
    ...(embedded ? { embedded } : {}),
    async close() {
      await db.dropDatabase();
      await client.close();
      await embedded?.stop();
    },
  };
}

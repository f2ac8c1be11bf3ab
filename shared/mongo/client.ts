import { MongoClient, type MongoClientOptions } from 'mongodb';

/**
 * Client settings for short-lived functions: a small pool (Map concurrency x pool size = connections), server
 * selection that fails well inside a function's timeout, and idle sockets closed before a frozen sandbox thaws
 * onto connections the server has dropped.
 */
export const lambdaClientOptions: MongoClientOptions = {
  maxPoolSize: 4,
  minPoolSize: 0,
  serverSelectionTimeoutMS: 5_000,
  connectTimeoutMS: 5_000,
  socketTimeoutMS: 60_000,
  maxIdleTimeMS: 60_000,
  retryReads: true,
  appName: 'lead-session-maintenance',
};

let cached: { uri: string; client: Promise<MongoClient> } | null = null;

/**
 * One client per process, reused across invocations. A failed connection is not cached, so the next invocation
 * tries again; the driver itself reconnects after a frozen-and-thawed process.
 */
export function sharedMongoClient(
  uri: string,
  options: MongoClientOptions = lambdaClientOptions,
): Promise<MongoClient> {
  if (cached !== null && cached.uri === uri) return cached.client;
  const client = new MongoClient(uri, options).connect();
  cached = { uri, client };
  client.catch(() => {
    if (cached?.client === client) cached = null;
  });
  return client;
}

/** Closes the shared client (tests, the command line). */
export async function closeSharedMongoClient(): Promise<void> {
  const current = cached;
  cached = null;
  if (current !== null) await (await current.client.catch(() => null))?.close();
}

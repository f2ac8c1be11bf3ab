import { MongoClient } from 'mongodb';
import { connectOrExplain } from '#shared/mongo/connect-or-explain.ts';
import { invalidMongoUri } from '#shared/mongo/connection-failure.ts';

/**
 * How long the command line waits for a MongoDB that does not answer at all (a firewall dropping packets, a wrong
 * address that nothing answers) before it says "cannot reach MongoDB at <hosts> (MONGODB_URI): no answer": server
 * selection and each connection attempt. A refused port or an unknown host fails at once (connectOrExplain). 2.5 s
 * keeps a failing command under 5 s including the process's start (about 1 s of module loading before the first
 * connection attempt, docs/decisions.md 29); a server across the world answers its first handshake well within it
 * (TCP, TLS and hello are about four round trips). The Lambda steps keep their own 5 s (shared/mongo/client.ts).
 */
export const commandLineDatabaseTimeoutMs = 2500;

/** Where the command line's database address comes from, as the operator would change it. */
export const commandLineUriSource = 'MONGODB_URI';

/** A client for MONGODB_URI with the command line's timeouts; a URI the driver cannot parse is a configuration error. */
export function commandLineClient(uri: string, options: { readonly maxPoolSize?: number } = {}): MongoClient {
  try {
    return new MongoClient(uri, {
      serverSelectionTimeoutMS: commandLineDatabaseTimeoutMs,
      connectTimeoutMS: commandLineDatabaseTimeoutMs,
      maxPoolSize: options.maxPoolSize ?? 8,
    });
  } catch (error) {
    throw invalidMongoUri(commandLineUriSource, error) ?? error;
  }
}

/** Connects a {@link commandLineClient}, or fails with the one-line "cannot reach MongoDB at ..." within the timeout. */
export function connectCommandLineClient(client: MongoClient, uri: string): Promise<void> {
  return connectOrExplain(client, { uri, source: commandLineUriSource, timeoutMs: commandLineDatabaseTimeoutMs });
}

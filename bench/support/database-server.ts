/**
 * Child process: the embedded MongoDB-compatible server, loaded from a snapshot, with the byte-counting proxy in
 * front of it. It lives in its own process so that the measured worker's memory holds only the worker's own data,
 * and it is killed (never stopped) at the end so that the snapshot it was loaded from is never written back.
 */
import { MongoClient, type Collection, type Document } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import type { StoredVersionFigures } from '#local/embedded-mongo/storage/version-counters.ts';
import { readHistorySizes, writeHistorySizes } from '../compression/history-sizes.ts';
import { readEndState, writeEndState } from '../daily/end-state.ts';
import { serveRequests } from './child-process.ts';
import { startCountingProxy, type CountingProxy, type WireBytes } from './tcp-proxy.ts';

export interface DatabaseStarted {
  readonly directUri: string;
  readonly proxyUri: string;
}

/**
 * What the database side can tell about itself. A figure that cannot be measured where the bench runs (a real
 * MongoDB: its CPU, its stored bytes) is null, reported as "n/a", never as zero.
 */
export interface DatabaseStats {
  /**
   * Commands the server received: the embedded server counts every command (handshakes and heartbeats included);
   * a real MongoDB reports `serverStatus.opcounters`, which count every client of the server.
   */
  readonly serverCommands: number | null;
  /** Bytes through the counting proxy (null when the driver cannot be sent through one). */
  readonly wire: WireBytes | null;
  /** CPU time of the server process since it started (user + system). */
  readonly serverCpuMs: number | null;
  /** New document versions stored by updates and their bytes (the embedded server only). */
  readonly storage: StoredVersionFigures | null;
}

let server: EmbeddedMongo | null = null;
let proxy: CountingProxy | null = null;

const started = (): { server: EmbeddedMongo; proxy: CountingProxy } => {
  if (server === null || proxy === null) throw new Error('the database is not started');
  return { server, proxy };
};

/** A client of its own, on the server's address: inspections never pass the counting proxy. */
async function withLeads<T>(database: string, read: (leads: Collection<Document>) => Promise<T>): Promise<T> {
  const client = await new MongoClient(started().server.uri).connect();
  try {
    return await read(client.db(database).collection('leads'));
  } finally {
    await client.close();
  }
}

// The parent is gone (interrupted run): leave at once, without saving anything.
process.on('disconnect', () => process.exit(0));

serveRequests({
  // Only when the bench profiles (BENCH_CPU_PROF_DIR): exit without saving, so that --cpu-prof writes the profile.
  async exit() {
    process.exit(0);
  },
  async start(payload) {
    const { dataDir } = payload as { dataDir: string };
    server = await startEmbeddedMongo({ port: 0, dataDir });
    proxy = await startCountingProxy(server.port);
    return { directUri: server.uri, proxyUri: proxy.uri } satisfies DatabaseStarted;
  },
  async stats() {
    const cpu = process.cpuUsage();
    const running = started();
    return {
      serverCommands: running.server.commandCount(),
      wire: running.proxy.bytes(),
      serverCpuMs: (cpu.user + cpu.system) / 1000,
      storage: running.server.storedVersions(),
    } satisfies DatabaseStats;
  },
  async endState(payload) {
    const { database, file } = payload as { database: string; file: string };
    return withLeads(database, async (leads) => {
      const state = await readEndState(leads);
      writeEndState(file, state);
      return Object.keys(state).length;
    });
  },
  async historySizes(payload) {
    const { database, file } = payload as { database: string; file: string };
    return withLeads(database, async (leads) => {
      const sizes = await readHistorySizes(leads);
      writeHistorySizes(file, sizes);
      return Object.keys(sizes).length;
    });
  },
});

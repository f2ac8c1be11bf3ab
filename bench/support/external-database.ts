/**
 * `--mongodb-uri`: the same runs against a real MongoDB. Each run seeds the generated corpus into a database of
 * its own (`lead_session_bench_<random>`), and drops it afterwards, also when the run fails or the bench is
 * interrupted. What the bench cannot measure there (the server's CPU, its stored bytes) is reported as n/a.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient, type Document } from 'mongodb';
import type { StoredVersionFigures } from '#local/embedded-mongo/storage/version-counters.ts';
import { readHistorySizes, writeHistorySizes } from '../compression/history-sizes.ts';
import { readEndState, writeEndState } from '../daily/end-state.ts';
import type { BenchDatabase } from './database-handle.ts';
import type { DatabaseStats } from './database-server.ts';
import { trackOpen, type BenchDatabases } from './run-databases.ts';
import { seedCorpus } from './seed-corpus.ts';
import { startCountingProxy, type CountingProxy } from './tcp-proxy.ts';

/** Prefix of the databases the bench creates (and drops) on a real MongoDB. */
export const externalDatabasePrefix = 'lead_session_bench_';

/** The single server the driver would talk to, when the bench can put its counting proxy in front of it. */
export interface ProxyRoute {
  readonly host: string;
  readonly port: number;
  /** The same connection string, pointing at the proxy instead (credentials and options kept). */
  proxiedUri(proxyPort: number): string;
}

/**
 * A proxy only works for one plain TCP server: not for `mongodb+srv`, several hosts (the driver would discover
 * the other members and bypass it), TLS (the certificate names the server, not the proxy) or a load balancer.
 */
export function proxyRoute(uri: string): ProxyRoute | null {
  if (!uri.startsWith('mongodb://')) return null;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  const options = url.searchParams;
  const on = (name: string): boolean => options.get(name)?.toLowerCase() === 'true';
  if (url.hostname === '' || url.host.includes(',') || on('tls') || on('ssl') || on('loadBalanced')) return null;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? 27017 : Number(url.port);
  return {
    host,
    port,
    proxiedUri(proxyPort) {
      const proxied = new URL(uri);
      proxied.host = `127.0.0.1:${String(proxyPort)}`;
      proxied.searchParams.set('directConnection', 'true');
      proxied.searchParams.delete('replicaSet');
      return proxied.toString();
    },
  };
}

/** The hosts of a connection string, without user name or password: safe to print and to store in results. */
export function describeTarget(uri: string): string {
  const hosts = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)/.exec(uri)?.[1] ?? '?';
  return `MongoDB at ${uri.startsWith('mongodb+srv://') ? 'mongodb+srv://' : ''}${hosts}`;
}

const opcounterNames = ['insert', 'query', 'update', 'delete', 'getmore', 'command'] as const;

/** Operations the whole server counted (every client's), or null when it does not report them. */
function operationsOf(status: Document): number | null {
  const counters = status['opcounters'] as Document | undefined;
  if (counters === undefined) return null;
  return opcounterNames.reduce((sum, name) => sum + Number(counters[name] ?? 0), 0);
}

function storedVersionsOf(status: Document): StoredVersionFigures | null {
  const storage = status['embeddedStorage'] as Document | undefined;
  if (storage === undefined) return null;
  return {
    documentVersions: Number(storage['documentVersions']),
    documentBytesRewritten: Number(storage['documentBytesRewritten']),
    changedArrayBytes: Number(storage['changedArrayBytes']),
  };
}

async function openExternal(uri: string, seed: number, now: string, leads: number): Promise<BenchDatabase> {
  const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 }).connect();
  const database = `${externalDatabasePrefix}${randomBytes(6).toString('hex')}`;
  let proxy: CountingProxy | null = null;
  const close = async (): Promise<void> => {
    try {
      await client.db(database).dropDatabase();
    } finally {
      await proxy?.close();
      await client.close();
    }
  };
  try {
    const corpus = await seedCorpus(client.db(database).collection('leads'), { seed, leads, now });
    const route = proxyRoute(uri);
    if (route !== null) proxy = await startCountingProxy(route.port, route.host);
    const counting = proxy;
    const leadsCollection = client.db(database).collection('leads');
    return {
      directUri: uri,
      proxyUri: route !== null && counting !== null ? route.proxiedUri(Number(new URL(counting.uri).port)) : uri,
      database,
      corpus,
      // A real MongoDB is a long-running server, warm already: no warm-up run.
      warmUpDatabases: [],
      async stats(): Promise<DatabaseStats> {
        // Through the bench's own client, never the proxy: reading the figures costs the measured run nothing.
        const status = await client.db('admin').command({ serverStatus: 1 });
        return {
          serverCommands: operationsOf(status),
          wire: counting?.bytes() ?? null,
          serverCpuMs: null,
          storage: storedVersionsOf(status),
        };
      },
      async writeEndState(file) {
        const state = await readEndState(leadsCollection);
        writeEndState(file, state);
        return Object.keys(state).length;
      },
      async writeHistorySizes(file) {
        const sizes = await readHistorySizes(leadsCollection);
        writeHistorySizes(file, sizes);
        return Object.keys(sizes).length;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Every run in a fresh database of its own on the MongoDB at `uri`, seeded with the generated corpus. */
export function externalDatabases(uri: string, seed: number, now: Date): BenchDatabases {
  return {
    target: describeTarget(uri),
    ...trackOpen((leads) => openExternal(uri, seed, now.toISOString(), leads)),
  };
}

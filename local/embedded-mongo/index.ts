/**
 * Embedded MongoDB-compatible server for development, demos and tests (never production): speaks the MongoDB wire
 * protocol on 127.0.0.1 so the real `mongodb` driver and the project's repository code run against it unchanged.
 * See docs/embedded-server.md for what it supports and how it differs from MongoDB.
 */
import { createServer, type Socket } from 'node:net';
import { CommandDispatcher } from './commands/dispatcher.ts';
import { Catalog } from './storage/catalog.ts';
import { loadSnapshot, saveSnapshot } from './storage/persistence.ts';
import { PromotedCache } from './storage/promoted-cache.ts';
import type { StoredVersionFigures } from './storage/version-counters.ts';
import { serveConnection } from './wire/connection.ts';

export interface EmbeddedMongoOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** Directory for snapshots: loaded on start, written on stop. Without it, data lives in memory only. */
  readonly dataDir?: string;
  /** Receives diagnostic lines (connections, unexpected errors). Default: silent. */
  readonly log?: (line: string) => void;
  /** Raw bytes of documents whose decoded copies may stay cached (default 256 MiB). */
  readonly promotedCacheBytes?: number;
}

export interface EmbeddedMongo {
  /** `mongodb://127.0.0.1:PORT` */
  readonly uri: string;
  readonly port: number;
  /** Closes every connection and the listener, then writes a snapshot when `dataDir` is set. Idempotent. */
  stop(): Promise<void>;
  /** Writes a snapshot now (when `dataDir` is set). */
  save(): Promise<void>;
  /** Number of commands received so far (handshakes and heartbeats included). */
  commandCount(): number;
  /** CPU milliseconds the process spent running commands so far (see CommandDispatcher.busyMilliseconds). */
  busyMilliseconds(): number;
  /** Bytes of the document versions updates stored so far (also in serverStatus `embeddedStorage`). */
  storedVersions(): StoredVersionFigures;
}

/** Starts the server; resolves once it listens (after loading `dataDir`, if given). */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const log = options.log ?? (() => undefined);
  const catalog = new Catalog(new PromotedCache(options.promotedCacheBytes));
  if (options.dataDir !== undefined) await loadSnapshot(catalog, options.dataDir);
  const server = createServer();
  server.on('error', (error) => log(`listener error: ${error.message}`));
  const sockets = new Set<Socket>();
  const startedAt = new Date();
  const serverInfo = { port: 0, startedAt };
  const dispatcher = new CommandDispatcher(catalog, serverInfo, log);
  let nextConnectionId = 1;

  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const info = {
      id: nextConnectionId++,
      remoteAddress: `${socket.remoteAddress ?? '127.0.0.1'}:${String(socket.remotePort ?? 0)}`,
    };
    serveConnection(socket, info, (request, connection) => dispatcher.dispatch(request, connection), log);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  serverInfo.port = port;
  log(`embedded MongoDB-compatible server listening on 127.0.0.1:${String(port)}`);

  const save = async (): Promise<void> => {
    if (options.dataDir !== undefined) await saveSnapshot(catalog, options.dataDir);
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await save();
    })();
    return stopping;
  };

  return {
    uri: `mongodb://127.0.0.1:${String(port)}`,
    port,
    stop,
    save,
    commandCount: () => dispatcher.commandCount,
    busyMilliseconds: () => dispatcher.busyMilliseconds,
    storedVersions: () => catalog.versionCounters.figures(),
  };
}

/**
 * The embedded server in a worker thread of this process, for local runs (the command line, the demo, the library).
 *
 * In the same thread as the job, every command the server runs waits for the job's own work and the other way
 * round: the demo used one core of two. In its own thread the server decodes, filters and stores while the job
 * generates, plans and encodes. The server is the same code (index.ts); only the counters the bench reads are not
 * offered here (the bench runs the server in a process of its own).
 */
import { getCompileCacheDir } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ThreadError, ThreadReply, ThreadRequest, ThreadStart } from './thread-messages.ts';

export type EmbeddedMongoThreadOptions = ThreadStart['options'];

export interface EmbeddedMongoThread {
  /** `mongodb://127.0.0.1:PORT` */
  readonly uri: string;
  readonly port: number;
  /** Closes every connection and the listener, writes a snapshot when `dataDir` is set, ends the thread. Idempotent. */
  stop(): Promise<void>;
  /** Writes a snapshot now (when `dataDir` is set). */
  save(): Promise<void>;
}

/** An error of the server's thread, rebuilt on this side with its message and code. */
function rebuilt(error: ThreadError): Error {
  return Object.assign(new Error(error.message), error.code === undefined ? {} : { code: error.code });
}

/** Starts the server in a worker thread; resolves once it listens (after loading `dataDir`, if given). */
export async function startEmbeddedMongoThread(options: EmbeddedMongoThreadOptions = {}): Promise<EmbeddedMongoThread> {
  const start: ThreadStart = { options: { ...options }, compileCacheDirectory: getCompileCacheDir() ?? null };
  const worker = new Worker(new URL('./thread-entry.ts', import.meta.url), { workerData: start });
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let ended: Error | null = null;
  const failAll = (error: Error): void => {
    ended ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };

  const port = await new Promise<number>((resolve, reject) => {
    worker.on('message', (message: ThreadReply) => {
      if (message.kind === 'listening') resolve(message.port);
      else if (message.kind === 'not started') reject(rebuilt(message.error));
      else {
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (message.kind === 'done') waiting?.resolve();
        else waiting?.reject(rebuilt(message.error));
      }
    });
    worker.on('error', (error) => {
      reject(error);
      failAll(error);
    });
    worker.on('exit', (code) => {
      const error = new Error(`the embedded server's thread ended (exit code ${String(code)})`);
      reject(error);
      failAll(error);
    });
  });

  let nextId = 1;
  const ask = (kind: ThreadRequest['kind']): Promise<void> => {
    if (ended) return Promise.reject(ended);
    const id = nextId++;
    return new Promise<void>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ kind, id } satisfies ThreadRequest);
    });
  };
  let stopping: Promise<void> | undefined;
  return {
    uri: `mongodb://127.0.0.1:${String(port)}`,
    port,
    save: () => ask('save'),
    stop() {
      stopping ??= ask('stop').finally(() => void worker.terminate());
      return stopping;
    },
  };
}

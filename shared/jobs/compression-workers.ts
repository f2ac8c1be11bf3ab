import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { compressionCall, type CodecChoice, type CompressionCall } from '#shared/core/codec/index.ts';

/** One payload to compress: its bytes and the codec choice `compressBytes` would be given. */
export interface CompressionRequest {
  readonly bytes: Uint8Array;
  readonly codec: CodecChoice;
}

interface WorkerRequest {
  readonly id: number;
  readonly calls: readonly { readonly call: CompressionCall; readonly bytes: Uint8Array }[];
}
type WorkerReply =
  { readonly id: number; readonly compressed: Uint8Array[] } | { readonly id: number; readonly error: string };

/**
 * The worker: the synchronous zlib function `compressBytes` calls, with the options `compressionCall` chose, so the
 * bytes are the same by construction. Inline source, not a module file, so a bundled Lambda needs nothing beside it.
 */
const workerSource = `
const { parentPort } = require('node:worker_threads');
const zlib = require('node:zlib');
const compressors = { brotli: zlib.brotliCompressSync, gzip: zlib.gzipSync, zstd: zlib.zstdCompressSync };
parentPort.on('message', ({ id, calls }) => {
  try {
    parentPort.postMessage({ id, compressed: calls.map(({ call, bytes }) => compressors[call.codec](bytes, call.options)) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
});
`;

interface Pending {
  readonly resolve: (compressed: Uint8Array[]) => void;
  readonly reject: (error: Error) => void;
}

class CompressionWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private stopped: Error | null = null;

  constructor() {
    this.worker = new Worker(workerSource, { eval: true });
    // Idle workers must not keep the process alive; a pending request does (see `send`).
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => this.settle(reply));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`compression worker exited with code ${String(code)}`)));
  }

  get alive(): boolean {
    return this.stopped === null;
  }

  get outstanding(): number {
    return this.pending.size;
  }

  send(request: WorkerRequest): Promise<Uint8Array[]> {
    return new Promise((resolve, reject) => {
      if (this.stopped !== null) {
        reject(this.stopped);
        return;
      }
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if ('error' in reply) pending.reject(new Error(`compression failed: ${reply.error}`));
    else pending.resolve(reply.compressed);
  }

  private failAll(error: Error): void {
    this.stopped ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/**
 * Compresses session payloads on worker threads with the synchronous codec functions of `compressBytes`: the job's
 * thread plans the next leads meanwhile. Measured against zlib's asynchronous (stream) API on the libuv pool, which
 * writes the same bytes: that API's per-call stream machinery cost more CPU than brotli itself on these few-KB
 * payloads (docs/decisions.md), where a worker receives a lead's payloads in one message.
 */
export class CompressionWorkers {
  private readonly workers: CompressionWorker[] = [];
  private readonly size: number;
  private nextId = 0;

  /** One worker per core, at most four: more only contend with the job's own thread. */
  constructor(size: number = Math.min(4, availableParallelism())) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('a compression pool needs at least one worker');
    this.size = size;
  }

  /** The payloads compressed, in order, as `compressBytes(request.bytes, request.codec)` would compress them. */
  compress(requests: readonly CompressionRequest[]): Promise<Uint8Array[]> {
    if (requests.length === 0) return Promise.resolve([]);
    const calls = requests.map(({ bytes, codec }) => ({ call: compressionCall(bytes, codec), bytes }));
    this.nextId += 1;
    return this.leastBusy().send({ id: this.nextId, calls });
  }

  /** Stops the workers (idle workers never hold the process open, but a finished run releases them). */
  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private leastBusy(): CompressionWorker {
    // A worker that died (it never should) is replaced; its pending requests were rejected.
    for (let index = this.workers.length - 1; index >= 0; index -= 1)
      if (!this.workers[index]?.alive) this.workers.splice(index, 1);
    const idle = this.workers.find((worker) => worker.outstanding === 0);
    if (idle !== undefined) return idle;
    if (this.workers.length < this.size) {
      const started = new CompressionWorker();
      this.workers.push(started);
      return started;
    }
    return this.workers.reduce((least, worker) => (worker.outstanding < least.outstanding ? worker : least));
  }
}

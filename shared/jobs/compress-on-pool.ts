import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { brotliCompress, gzip, zstdCompress } from 'node:zlib';
import { compressionCall, type CodecChoice } from '#shared/core/codec/index.ts';

const brotliCompressAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const zstdCompressAsync = promisify(zstdCompress);

/**
 * Compresses bytes on the libuv pool with exactly the codec and parameters of `compressBytes` (the core's, on the
 * calling thread): zlib writes the same bytes either way (a test pins it for every codec).
 */
export function compressBytesOnPool(bytes: Uint8Array, choice: CodecChoice): Promise<Buffer> {
  const call = compressionCall(bytes, choice);
  switch (call.codec) {
    case 'zstd':
      // The stream API does not know the input's length unless told; without it zstd writes another frame header
      // (no content size) and other bytes than the one-shot call.
      return zstdCompressAsync(bytes, { ...call.options, pledgedSrcSize: bytes.length });
    case 'brotli':
      return brotliCompressAsync(bytes, call.options);
    case 'gzip':
      return gzipAsync(bytes, call.options);
  }
}

/**
 * Compresses on the libuv pool, at most `concurrency` at a time: the job's thread keeps planning while the pool
 * compresses, and a batch's thousands of payloads never hold thousands of codec states at once.
 */
export class PoolCompressor {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly concurrency: number;

  /** One compression per core by default: more would only contend with the job's own thread for the cores. */
  constructor(concurrency: number = availableParallelism()) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be at least 1');
    this.concurrency = concurrency;
  }

  async compress(bytes: Uint8Array, choice: CodecChoice): Promise<Buffer> {
    await this.acquire();
    try {
      return await compressBytesOnPool(bytes, choice);
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return;
    }
    // The slot is handed over by `release`, never freed in between, so no newcomer can overtake a waiter.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.running -= 1;
    else next();
  }
}

import {
  type BrotliOptions,
  brotliCompressSync,
  brotliDecompressSync,
  constants,
  gunzipSync,
  gzipSync,
  zstdCompressSync,
  zstdDecompressSync,
  type ZlibOptions,
  type ZstdOptions,
} from 'node:zlib';
import type { CodecChoice, CodecName } from './codec-choice.ts';

/** The smallest brotli window (log2 of its size) that holds `length` bytes, within brotli's 10..24. */
function brotliWindowBits(length: number): number {
  // Brotli's window holds 2^bits - 16 bytes.
  const needed = Math.ceil(Math.log2(length + 16));
  return Math.min(constants.BROTLI_MAX_WINDOW_BITS, Math.max(constants.BROTLI_MIN_WINDOW_BITS, needed));
}

/** The zlib function and options `compressBytes` compresses `bytes` with (plain data: a worker thread can receive it). */
export type CompressionCall =
  | { readonly codec: 'zstd'; readonly options: ZstdOptions }
  | { readonly codec: 'brotli'; readonly options: BrotliOptions }
  | { readonly codec: 'gzip'; readonly options: ZlibOptions };

/** How `compressBytes` calls its codec on `bytes` (parameters depend on the input's length). */
export function compressionCall(bytes: Uint8Array, choice: CodecChoice): CompressionCall {
  switch (choice.codec) {
    case 'zstd':
      return { codec: 'zstd', options: { params: { [constants.ZSTD_c_compressionLevel]: choice.level } } };
    case 'brotli':
      return {
        codec: 'brotli',
        options: {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: choice.level,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            // A window no larger than the input: at quality 9 the default 4 MiB window made every call set up tables
            // for 4 MiB, 0.6 MB/s instead of 11 MB/s on session payloads, for the same output within 0.1 %.
            [constants.BROTLI_PARAM_LGWIN]: brotliWindowBits(bytes.length),
          },
        },
      };
    case 'gzip':
      return { codec: 'gzip', options: { level: choice.level } };
  }
}

/**
 * Compresses bytes in one call, on the calling thread. The weekly job makes the same call with the same
 * `compressionCall` on worker threads (shared/jobs/compression-workers.ts).
 */
export function compressBytes(bytes: Uint8Array, choice: CodecChoice): Buffer {
  const call = compressionCall(bytes, choice);
  switch (call.codec) {
    case 'zstd':
      return zstdCompressSync(bytes, call.options);
    case 'brotli':
      return brotliCompressSync(bytes, call.options);
    case 'gzip':
      return gzipSync(bytes, call.options);
  }
}

/**
 * Decompresses bytes written by `compressBytes`, refusing to produce more than `expectedBytes`: the limit stops a
 * corrupted or hostile blob from expanding without bound inside a Lambda's memory.
 * @throws the codec's error (a `code` such as `Z_DATA_ERROR`, `ERR_BUFFER_TOO_LARGE`) when the bytes are not valid.
 */
export function decompressBytes(bytes: Uint8Array, codec: CodecName, expectedBytes: number): Buffer {
  const maxOutputLength = Math.max(expectedBytes, 1);
  switch (codec) {
    case 'zstd':
      return zstdDecompressSync(bytes, { maxOutputLength });
    case 'brotli':
      return brotliDecompressSync(bytes, { maxOutputLength });
    case 'gzip':
      return gunzipSync(bytes, { maxOutputLength });
  }
}

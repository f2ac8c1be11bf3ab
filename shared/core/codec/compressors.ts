import {
  brotliCompressSync,
  brotliDecompressSync,
  constants,
  gunzipSync,
  gzipSync,
  zstdCompressSync,
  zstdDecompressSync,
} from 'node:zlib';
import type { CodecChoice, CodecName } from './codec-choice.ts';

/**
 * Compresses bytes in one call. The weekly job compresses one session (a few KB to ~100 KB) at a time, so the
 * synchronous functions cost less than the stream machinery around the asynchronous ones.
 */
export function compressBytes(bytes: Uint8Array, choice: CodecChoice): Buffer {
  switch (choice.codec) {
    case 'zstd':
      return zstdCompressSync(bytes, { params: { [constants.ZSTD_c_compressionLevel]: choice.level } });
    case 'brotli':
      // The size hint lets brotli size its window to the input instead of to the worst case.
      return brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: choice.level, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      });
    case 'gzip':
      return gzipSync(bytes, { level: choice.level });
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

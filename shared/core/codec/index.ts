/**
 * The reversible, checksummed compression of session payloads (contract section 3, weekly compression). Pure:
 * `node:zlib` and `node:crypto` only. See docs/codec.md.
 */
export {
  assertCodecChoice,
  codecLevels,
  codecNames,
  defaultCodec,
  isCodecName,
  type CodecChoice,
  type CodecName,
} from './codec-choice.ts';
export { compressBytes, compressionCall, decompressBytes, type CompressionCall } from './compressors.ts';
export { CompressedPayloadChecksumError, CompressedPayloadCorruptError, CompressedPayloadError } from './errors.ts';
export { checkMarker, compressedPayloadFormatVersion, type CheckedMarker, type CompressedPayload } from './marker.ts';
export {
  bsonByteLength,
  elementsByteLength,
  extractPayload,
  isPayloadFieldName,
  payloadFieldNames,
  type PayloadFieldName,
  type SessionPayload,
} from './payload.ts';
export {
  compressPayload,
  finishCompressedPayload,
  inflatePayload,
  payloadToCompress,
  type CompressOptions,
  type InflateOptions,
  type PayloadToCompress,
} from './payload-codec.ts';
export {
  compressedPayloadFieldName,
  inflateSession,
  isCompressed,
  planCompression,
  prepareCompression,
  type CompressionPlan,
  type PreparedCompression,
  type CompressionSkipReason,
  type InflateSessionOptions,
} from './session-codec.ts';

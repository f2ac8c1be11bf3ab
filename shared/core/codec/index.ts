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
export { compressBytes, decompressBytes } from './compressors.ts';
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
export { compressPayload, inflatePayload, type CompressOptions, type InflateOptions } from './payload-codec.ts';
export {
  compressedPayloadFieldName,
  inflateSession,
  isCompressed,
  planCompression,
  type CompressionPlan,
  type CompressionSkipReason,
  type InflateSessionOptions,
} from './session-codec.ts';

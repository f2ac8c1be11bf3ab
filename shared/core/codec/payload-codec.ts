import { createHash } from 'node:crypto';
import { Binary, BSON, type DeserializeOptions } from 'bson';
import { isValidDate } from '../bson-type.ts';
import { assertCodecChoice, defaultCodec, type CodecChoice } from './codec-choice.ts';
import { compressBytes, decompressBytes } from './compressors.ts';
import { CompressedPayloadChecksumError, CompressedPayloadCorruptError } from './errors.ts';
import { checkMarker, compressedPayloadFormatVersion, type CompressedPayload } from './marker.ts';
import { isPayloadFieldName, type SessionPayload } from './payload.ts';

/** Options of `compressPayload`. */
export interface CompressOptions {
  /** Recorded on the marker; the caller's clock, so a run's blobs share one timestamp. */
  readonly compressedAt: Date;
  /** Defaults to `defaultCodec`. */
  readonly codec?: CodecChoice;
}

/** Options of `inflatePayload`. */
export interface InflateOptions {
  /**
   * false (the default): values as the driver returns them with `promoteValues: false` (Int32, Double, Long,
   * Binary, BSONRegExp wrappers), the exact BSON types. true: as the driver returns them by default (numbers,
   * Long as a number when it fits in 53 bits, Binary kept), as Mongoose and the lead-management app read them;
   * only regexes stay BSONRegExp, since not every stored pattern compiles in JavaScript.
   */
  readonly promoteValues?: boolean;
}

// Every wrapper kept: re-serializing gives the compressed bytes back exactly (an integral Double stays a Double).
const exactTypes: DeserializeOptions = {
  promoteValues: false,
  promoteBuffers: false,
  promoteLongs: false,
  useBigInt64: false,
  bsonRegExp: true,
};
// The driver's defaults, so an inflated payload looks like the rest of a document read without options; except that
// regexes stay BSONRegExp: MongoDB stores patterns JavaScript cannot compile, and the payload must still inflate.
const promotedTypes: DeserializeOptions = { bsonRegExp: true };

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function payloadBytes(payload: SessionPayload): Uint8Array {
  const unexpected = Object.keys(payload).find((field) => !isPayloadFieldName(field));
  if (unexpected !== undefined) {
    throw new TypeError(`a session payload holds only cookies, localStorage and sessionStorage, not ${unexpected}`);
  }
  return BSON.serialize(payload);
}

/** A payload ready to compress: its BSON bytes and the codec to compress them with (`finishCompressedPayload`). */
export interface PayloadToCompress {
  readonly bytes: Uint8Array;
  readonly codec: CodecChoice;
  readonly compressedAt: Date;
}

/**
 * The first half of `compressPayload`: checks the options and encodes the payload, for a caller that compresses the
 * bytes elsewhere (the weekly job, on the libuv pool) with `compressBytes`'s codec and parameters.
 * @throws as `compressPayload`.
 */
export function payloadToCompress(payload: SessionPayload, options: CompressOptions): PayloadToCompress {
  if (!isValidDate(options.compressedAt)) throw new TypeError('compressedAt must be a valid Date');
  const codec = options.codec ?? defaultCodec;
  assertCodecChoice(codec);
  return { bytes: payloadBytes(payload), codec, compressedAt: options.compressedAt };
}

/** The second half of `compressPayload`: the marker of `prepared.bytes` compressed into `compressed`. */
export function finishCompressedPayload(prepared: PayloadToCompress, compressed: Uint8Array): CompressedPayload {
  return {
    codec: prepared.codec.codec,
    formatVersion: compressedPayloadFormatVersion,
    level: prepared.codec.level,
    originalBytes: prepared.bytes.length,
    storedBytes: compressed.length,
    sha256: sha256Hex(prepared.bytes),
    compressedAt: prepared.compressedAt,
    data: new Binary(compressed, Binary.SUBTYPE_DEFAULT),
  };
}

/**
 * Compresses a session payload into a checksummed `compressedPayload`. The payload's BSON bytes are what is
 * compressed and hashed, so inflating gives the same bytes back: pass values read with `promoteValues: false` to
 * keep every BSON type (an integral Double stays a Double, a Long a Long), fields and keys in their stored order.
 * @throws TypeError for a field that is not a payload field or an invalid `compressedAt`; RangeError for an
 *   unknown codec or a level out of its range.
 */
export function compressPayload(payload: SessionPayload, options: CompressOptions): CompressedPayload {
  const prepared = payloadToCompress(payload, options);
  return finishCompressedPayload(prepared, compressBytes(prepared.bytes, prepared.codec));
}

function inflateBytes(data: Uint8Array, codec: CompressedPayload['codec'], originalBytes: number): Uint8Array {
  try {
    return decompressBytes(data, codec, originalBytes);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new CompressedPayloadCorruptError(
        `compressedPayload.originalBytes is ${originalBytes} but data inflates to more`,
        'originalBytes',
      );
    }
    // The codec's message describes the stream ("invalid distance too far back"), never the payload.
    throw new CompressedPayloadCorruptError(
      `compressedPayload.data is corrupt: ${codec} cannot inflate it (${String(code ?? 'error')}: ${(error as Error).message})`,
      'data',
      { cause: error },
    );
  }
}

/**
 * Restores the payload of a `compressedPayload` exactly: `BSON.serialize` of the result equals `BSON.serialize`
 * of the payload that was compressed. The marker may be read with values promoted or not (`data` a Binary, a
 * Buffer or a Uint8Array).
 * @throws CompressedPayloadError naming the marker field at fault; CompressedPayloadCorruptError when the codec
 *   cannot inflate `data` or it inflates to another length than `originalBytes`; CompressedPayloadChecksumError
 *   when the inflated bytes' SHA-256 is not the recorded one. No message contains payload values.
 */
export function inflatePayload(compressed: unknown, options: InflateOptions = {}): SessionPayload {
  const marker = checkMarker(compressed);
  const bytes = inflateBytes(marker.data, marker.codec, marker.originalBytes);
  const actualSha256 = sha256Hex(bytes);
  if (actualSha256 !== marker.sha256) {
    throw new CompressedPayloadChecksumError(marker.sha256, actualSha256, bytes.length, marker.originalBytes);
  }
  if (bytes.length !== marker.originalBytes) {
    // The bytes are the ones hashed at compression, so only the recorded length can be wrong.
    throw new CompressedPayloadCorruptError(
      `compressedPayload.originalBytes is ${marker.originalBytes} but data inflates to ${bytes.length} bytes`,
      'originalBytes',
    );
  }
  return payloadDocument(bytes, options.promoteValues === true ? promotedTypes : exactTypes);
}

// Only reachable with a blob another writer hashed itself: ours always hold a payload document.
function payloadDocument(bytes: Uint8Array, deserializeOptions: DeserializeOptions): SessionPayload {
  let document: Record<string, unknown>;
  try {
    document = BSON.deserialize(bytes, deserializeOptions);
  } catch (error) {
    throw new CompressedPayloadCorruptError('compressedPayload.data does not hold a BSON document', 'data', {
      cause: error,
    });
  }
  const unexpected = Object.keys(document).find((field) => !isPayloadFieldName(field));
  if (unexpected !== undefined) {
    // Restoring it would overwrite the entry's metadata (sessionId, dates) with whatever the blob holds.
    throw new CompressedPayloadCorruptError(
      `compressedPayload.data holds a field ${JSON.stringify(unexpected)} that is not a payload field`,
      'data',
    );
  }
  return document as SessionPayload;
}

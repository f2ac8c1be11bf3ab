import { isDocument } from '../bson-type.ts';
import type { CompressedPayload } from './marker.ts';
import { compressBytes } from './compressors.ts';
import {
  finishCompressedPayload,
  inflatePayload,
  payloadToCompress,
  type CompressOptions,
  type PayloadToCompress,
} from './payload-codec.ts';
import { elementsByteLength, emptyDocumentBytes, extractPayload } from './payload.ts';

/** The field of a session entry that holds its compressed payload. */
export const compressedPayloadFieldName = 'compressedPayload';

/** Why `planCompression` leaves an entry as it is. */
export type CompressionSkipReason = 'already-compressed' | 'no-payload' | 'no-saving';

/** What compressing one session entry would do. */
export type CompressionPlan =
  | {
      readonly compress: true;
      readonly compressed: CompressedPayload;
      /** Bytes the payload fields occupy as elements of the entry. */
      readonly payloadBytes: number;
      /** Bytes the `compressedPayload` element will occupy instead. */
      readonly compressedFieldBytes: number;
      /** `payloadBytes - compressedFieldBytes`, always > 0: how much smaller the entry gets. */
      readonly bytesSaved: number;
    }
  | {
      readonly compress: false;
      readonly reason: CompressionSkipReason;
      readonly payloadBytes: number;
    };

/**
 * True when a session entry carries a `compressedPayload` field. Its presence is what counts, even when it is
 * malformed: such an entry must fail loudly on inflating, never be compressed again over a blob it cannot read.
 */
export function isCompressed(sessionEntry: unknown): boolean {
  return isDocument(sessionEntry) && sessionEntry[compressedPayloadFieldName] !== undefined;
}

/** What `prepareCompression` leaves to do: compress `payload.bytes`, then `finish` with the compressed bytes. */
export type PreparedCompression =
  | { readonly compress: false; readonly plan: CompressionPlan }
  | {
      readonly compress: true;
      readonly payload: PayloadToCompress;
      /** The plan once the payload's bytes are compressed (by `compressBytes`, or its options on another thread). */
      readonly finish: (compressed: Uint8Array) => CompressionPlan;
    };

/**
 * `planCompression` in two halves, for a caller that compresses elsewhere (the weekly job compresses on the libuv
 * pool): rules 1 and 2 and the payload's bytes now, rule 3 in `finish`.
 */
export function prepareCompression(
  sessionEntry: Readonly<Record<string, unknown>>,
  options: CompressOptions,
): PreparedCompression {
  const payload = extractPayload(sessionEntry);
  if (isCompressed(sessionEntry) || Object.keys(payload).length === 0) {
    const reason = isCompressed(sessionEntry) ? 'already-compressed' : 'no-payload';
    return {
      compress: false,
      plan: { compress: false, reason, payloadBytes: elementsByteLength(sessionEntry, Object.keys(payload)) },
    };
  }
  const prepared = payloadToCompress(payload, options);
  return {
    compress: true,
    payload: prepared,
    finish: (compressedBytes) => {
      const compressed = finishCompressedPayload(prepared, compressedBytes);
      // The payload document holds exactly the entry's payload elements: no second pass over them to count them.
      const payloadBytes = compressed.originalBytes - emptyDocumentBytes;
      const compressedFieldBytes = elementsByteLength({ [compressedPayloadFieldName]: compressed }, [
        compressedPayloadFieldName,
      ]);
      const bytesSaved = payloadBytes - compressedFieldBytes;
      if (bytesSaved <= 0) return { compress: false, reason: 'no-saving', payloadBytes };
      return { compress: true, compressed, payloadBytes, compressedFieldBytes, bytesSaved };
    },
  };
}

/**
 * Decides whether to compress one session entry (read with values not promoted) and prepares the blob.
 *
 * 1. An entry that is already compressed is never compressed again.
 * 2. An entry without payload fields has nothing to compress.
 * 3. Compress the payload and compare the bytes its fields occupy in the entry with the bytes of the
 *    `compressedPayload` element, marker included; compress only when the entry gets smaller.
 *
 * Encrypted payloads (`{encrypted, iv, _encrypted: true}`) are not a special case: the codec treats every payload as
 * opaque BSON and restores it byte for byte, and their hex strings still halve in size (rule 3 decides).
 */
export function planCompression(
  sessionEntry: Readonly<Record<string, unknown>>,
  options: CompressOptions,
): CompressionPlan {
  const prepared = prepareCompression(sessionEntry, options);
  if (!prepared.compress) return prepared.plan;
  return prepared.finish(compressBytes(prepared.payload.bytes, prepared.payload.codec));
}

/** Options of `inflateSession`. */
export interface InflateSessionOptions {
  /**
   * true (the default): payload values promoted as the driver and Mongoose return them by default, to match the rest
   * of an entry the lead-management app reads. false: exact BSON wrappers, for an entry read with
   * `promoteValues: false` that will be written back.
   */
  readonly promoteValues?: boolean;
}

/**
 * For the lead-management app: a copy of a session entry with `compressedPayload` replaced by the payload fields it
 * holds, in its place; an entry that is not compressed is returned as it is (the same object). Payload fields that
 * are stored plainly next to the blob win over the blob's: compression removes them in the same update that sets
 * the blob, so they were written later.
 * @throws CompressedPayloadError (and its subclasses) when the blob is malformed, corrupt or fails its checksum.
 */
export function inflateSession<T extends Record<string, unknown>>(
  sessionEntry: T,
  options: InflateSessionOptions = {},
): T {
  if (!isCompressed(sessionEntry)) return sessionEntry;
  const payload = inflatePayload(sessionEntry[compressedPayloadFieldName], {
    promoteValues: options.promoteValues ?? true,
  });
  const restored: Record<string, unknown> = {};
  // defineProperty, not assignment: a field named "__proto__" (BSON allows it) must stay a field.
  const set = (field: string, value: unknown) =>
    Object.defineProperty(restored, field, { value, enumerable: true, writable: true, configurable: true });
  for (const [field, value] of Object.entries(sessionEntry)) {
    if (field !== compressedPayloadFieldName) {
      set(field, value);
      continue;
    }
    for (const [payloadField, payloadValue] of Object.entries(payload)) {
      if (!Object.hasOwn(sessionEntry, payloadField)) set(payloadField, payloadValue);
    }
  }
  return restored as T;
}

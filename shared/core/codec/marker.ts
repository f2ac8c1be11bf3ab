import type { Binary } from 'bson';
import { bsonTypeOf, isDocument, isValidDate } from '../bson-type.ts';
import { codecLevels, isCodecName, codecNames, type CodecName } from './codec-choice.ts';
import { CompressedPayloadError } from './errors.ts';

/** Version of the blob format: the BSON payload document, compressed whole, described by the fields below. */
export const compressedPayloadFormatVersion = 1;

/**
 * The `compressedPayload` field that replaces the payload fields of a compressed session entry. Everything needed
 * to inflate it is in the marker, so a reader never needs the weekly job's configuration.
 */
export interface CompressedPayload {
  readonly codec: CodecName;
  readonly formatVersion: 1;
  /** The codec level (brotli: quality) it was compressed with; informative, inflating does not need it. */
  readonly level: number;
  /** BSON byte length of the payload document `{cookies?, localStorage?, sessionStorage?}`. */
  readonly originalBytes: number;
  /** Byte length of `data`. */
  readonly storedBytes: number;
  /** Hex SHA-256 of the uncompressed BSON payload document. */
  readonly sha256: string;
  readonly compressedAt: Date;
  /** The compressed BSON payload document (Binary subtype 0). */
  readonly data: Binary;
}

/** A marker checked field by field, with `data` as plain bytes whatever the reader promoted it to. */
export interface CheckedMarker {
  readonly codec: CodecName;
  readonly originalBytes: number;
  readonly sha256: string;
  readonly data: Uint8Array;
}

const markerFields: readonly string[] = [
  'codec',
  'formatVersion',
  'level',
  'originalBytes',
  'storedBytes',
  'sha256',
  'compressedAt',
  'data',
] satisfies readonly (keyof CompressedPayload)[];

/** MongoDB refuses documents over 16 MiB, so no stored payload can be larger. */
const maxDocumentBytes = 16 * 1024 * 1024;
const minDocumentBytes = 5;

function fail(field: string | null, problem: string): never {
  throw new CompressedPayloadError(`compressedPayload${field === null ? '' : `.${field}`} ${problem}`, field);
}

/** A whole number as written (JS number), or read with values not promoted (Int32, Double, Long wrappers). */
function wholeNumber(marker: Readonly<Record<string, unknown>>, field: string, min: number, max: number): number {
  const raw = marker[field];
  const type = bsonTypeOf(raw);
  let value = Number.NaN;
  if (typeof raw === 'number') value = raw;
  else if (type === 'int' || type === 'double') value = Number((raw as { valueOf(): number }).valueOf());
  else if (type === 'long') value = (raw as { toNumber(): number }).toNumber();
  else fail(field, `must be a number, got ${type}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(field, `must be a whole number in ${min}..${max}, got ${String(value)}`);
  }
  return value;
}

/** The compressed bytes: a Binary of subtype 0 (driver), or a Buffer/Uint8Array (Mongoose, promoted buffers). */
function dataBytes(raw: unknown): Uint8Array {
  if (raw instanceof Uint8Array) return raw;
  if (bsonTypeOf(raw) !== 'binData') return fail('data', `must be binary data, got ${bsonTypeOf(raw)}`);
  const binary = raw as { sub_type: number; buffer: Uint8Array; position: number };
  if (binary.sub_type !== 0) fail('data', `must be binary subtype 0, got subtype ${binary.sub_type}`);
  return binary.buffer.subarray(0, binary.position);
}

/**
 * Checks a `compressedPayload` field strictly, as the driver or Mongoose returned it (values promoted or not).
 * @throws CompressedPayloadError naming the field: not a document, an unknown field, an unknown codec or format
 *   version, a wrong type or range, or a `storedBytes` that is not the length of `data`.
 */
export function checkMarker(marker: unknown): CheckedMarker {
  if (!isDocument(marker)) return fail(null, `must be a document, got ${bsonTypeOf(marker)}`);
  // The version first: another version may have other fields, and its number is the useful part of the error.
  const formatVersion = wholeNumber(marker, 'formatVersion', 0, Number.MAX_SAFE_INTEGER);
  if (formatVersion !== compressedPayloadFormatVersion) {
    fail('formatVersion', `${formatVersion} is not supported (this reader knows ${compressedPayloadFormatVersion})`);
  }
  const unknownField = Object.keys(marker).find((field) => !markerFields.includes(field));
  if (unknownField !== undefined) fail(unknownField, 'is not a field of format version 1');
  const missingField = markerFields.find((field) => marker[field] === undefined);
  if (missingField !== undefined) fail(missingField, 'is missing');
  const codec = marker.codec;
  if (!isCodecName(codec)) {
    const shown = typeof codec === 'string' ? JSON.stringify(codec) : `(${bsonTypeOf(codec)})`;
    return fail('codec', `${shown} is not one of ${codecNames.join(', ')}`);
  }
  wholeNumber(marker, 'level', codecLevels[codec].min, codecLevels[codec].max);
  const originalBytes = wholeNumber(marker, 'originalBytes', minDocumentBytes, maxDocumentBytes);
  const storedBytes = wholeNumber(marker, 'storedBytes', 1, maxDocumentBytes);
  const sha256 = marker.sha256;
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
    return fail('sha256', 'must be 64 lowercase hex characters');
  }
  if (!isValidDate(marker.compressedAt))
    fail('compressedAt', `must be a valid date, got ${bsonTypeOf(marker.compressedAt)}`);
  const data = dataBytes(marker.data);
  if (data.length !== storedBytes) fail('storedBytes', `is ${storedBytes} but data holds ${data.length} bytes`);
  return { codec, originalBytes, sha256, data };
}

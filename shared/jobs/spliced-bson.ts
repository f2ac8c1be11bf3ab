import { BSON } from 'bson';
import { RawBsonDocument } from '#shared/core/raw-bson-document.ts';

/**
 * Encodes an archive document whose stored copies are kept as their BSON bytes ({@link RawBsonDocument}): the
 * bytes are copied verbatim, where decoding and encoding them again cost the daily job more than the rest of its
 * work (docs/decisions.md, 34). The result is the BSON of the same document with the copies decoded, byte for
 * byte (a property test pins it), so an archive reads back the same whichever way it was written.
 *
 * A copy is recognised as a top-level field's value, or as an element of a top-level array (`historyEntries`).
 * A copy nested deeper is not recognised; the archive never nests one.
 */

const embeddedDocumentType = 0x03;
const arrayType = 0x04;
const serializeOptions = { ignoreUndefined: true } as const;

const isRaw = (value: unknown): value is RawBsonDocument => value instanceof RawBsonDocument;

/** Decodes a copy kept as bytes, for an encoding that cannot splice it (Extended JSON, a mixed array). */
function decodedValue(value: unknown): unknown {
  if (isRaw(value)) return value.toDocument();
  if (Array.isArray(value) && value.some(isRaw))
    return value.map((element: unknown) => (isRaw(element) ? element.toDocument() : element));
  return value;
}

/** The document with every copy kept as bytes decoded (Extended JSON encoding, change keys). */
export function withDecodedCopies<T extends object>(document: T): T {
  const entries = Object.entries(document);
  if (!entries.some(([, value]) => isRaw(value) || (Array.isArray(value) && value.some(isRaw)))) return document;
  return Object.fromEntries(entries.map(([key, value]) => [key, decodedValue(value)])) as T;
}

/** A value that is spliced: a copy, or a non-empty array of nothing but copies. */
function splicedValue(value: unknown): RawBsonDocument | readonly RawBsonDocument[] | null {
  if (isRaw(value)) return value;
  if (Array.isArray(value) && value.length > 0 && value.every(isRaw)) return value as RawBsonDocument[];
  return null;
}

/** `type`, then the key as a C string (what precedes every BSON element's value). */
function elementHead(type: number, key: string): Buffer {
  const head = Buffer.alloc(Buffer.byteLength(key, 'utf8') + 2);
  head[0] = type;
  head.write(key, 1, 'utf8');
  return head;
}

const terminator = new Uint8Array([0]);

/**
 * A document (or array) as pieces: the int32 size prefix, its elements' pieces, the 0 terminator. Pieces, not one
 * buffer: the archive concatenates every piece of every document once, where framing each level in its own buffer
 * copied the ~200 MB of copies once per level into freshly allocated memory.
 */
function framed(elements: readonly Uint8Array[]): Uint8Array[] {
  const size = elements.reduce((total, element) => total + element.length, 5);
  const prefix = Buffer.allocUnsafe(4);
  prefix.writeInt32LE(size, 0);
  return [prefix, ...elements, terminator];
}

/** The elements (no size prefix, no terminator) of fields encoded the usual way. */
function serializedElements(fields: Record<string, unknown>): Uint8Array {
  const bytes = BSON.serialize(fields, serializeOptions);
  return bytes.subarray(4, bytes.length - 1);
}

/** The BSON of a document, as pieces to concatenate, with the copies it holds as bytes spliced in. */
export function bsonPieces(document: object): Uint8Array[] {
  const entries = Object.entries(document);
  if (!entries.some(([, value]) => splicedValue(value) !== null))
    return [BSON.serialize(withDecodedCopies(document), serializeOptions)];
  const elements: Uint8Array[] = [];
  // Consecutive ordinary fields are encoded by one call: the archived change has one spliced field, its last.
  // Pairs, not an object literal: `Object.fromEntries` keeps a key such as "__proto__" as an ordinary field.
  let ordinary: [string, unknown][] = [];
  const flushOrdinary = (): void => {
    if (ordinary.length > 0) elements.push(serializedElements(Object.fromEntries(ordinary)));
    ordinary = [];
  };
  for (const [key, value] of entries) {
    const spliced = splicedValue(value);
    if (spliced === null) {
      ordinary.push([key, decodedValue(value)]);
      continue;
    }
    flushOrdinary();
    if (isRaw(spliced)) {
      elements.push(elementHead(embeddedDocumentType, key), spliced.bytes);
      continue;
    }
    // A BSON array is a document whose keys are "0", "1", ...
    const arrayElements = spliced.flatMap((copy, index) => [
      elementHead(embeddedDocumentType, String(index)),
      copy.bytes,
    ]);
    elements.push(elementHead(arrayType, key), ...framed(arrayElements));
  }
  flushOrdinary();
  return framed(elements);
}

/** BSON of a document, with the copies it holds as bytes spliced in. */
export function serializeWithRawCopies(document: object): Uint8Array {
  return Buffer.concat(bsonPieces(document));
}

/**
 * Builds BSON that embeds stored documents byte for byte. `BSON.serialize` cannot embed pre-serialised bytes, and
 * decoding 500 stored leads just to encode them again would cost time and lose BSON types. Documents are built
 * as lists of buffer parts and copied once at the end, whatever their nesting depth.
 */
import { BSON, Long } from 'bson';

/** A document that is already BSON: written into replies as is. */
export class RawDocument {
  readonly bytes: Buffer;
  constructor(bytes: Buffer) {
    this.bytes = bytes;
  }
}

/** A single value that is already BSON (type byte + value bytes): written as is, e.g. an upserted `_id`. */
export class RawValue {
  readonly type: number;
  readonly bytes: Buffer;
  constructor(type: number, bytes: Buffer) {
    this.type = type;
    this.bytes = bytes;
  }
}

const terminator = Buffer.from([0]);

/** Buffer parts of a document under construction, and their total length. */
export class BsonParts {
  readonly parts: Buffer[] = [];
  length = 0;

  push(part: Buffer): void {
    this.parts.push(part);
    this.length += part.length;
  }

  /** Appends a document: `writeElements` pushes its elements; size prefix and terminator are added here. */
  document(writeElements: () => void): void {
    const size = Buffer.allocUnsafe(4);
    const start = this.length;
    this.push(size);
    writeElements();
    this.push(terminator);
    size.writeInt32LE(this.length - start, 0);
  }

  /** All parts in one buffer. */
  concat(): Buffer {
    return Buffer.concat(this.parts, this.length);
  }
}

/** Header (type byte + cstring name) of one element. */
export function elementHeader(type: number, name: string): Buffer {
  const nameLength = Buffer.byteLength(name, 'utf8');
  const header = Buffer.allocUnsafe(nameLength + 2);
  header[0] = type;
  header.write(name, 1, 'utf8');
  header[nameLength + 1] = 0;
  return header;
}

/** Wraps element parts into a complete document: int32 size, elements, terminating zero. */
export function wrapDocument(elements: readonly Buffer[]): Buffer {
  const out = new BsonParts();
  out.document(() => elements.forEach((element) => out.push(element)));
  return out.concat();
}

/** The type byte and value bytes `BSON.serialize` produces for a single JavaScript or BSON value. */
export function encodeValue(value: unknown): { type: number; bytes: Buffer } {
  const wrapper = BSON.serialize({ v: value });
  const type = wrapper[4] as number;
  return { type, bytes: Buffer.from(wrapper.subarray(7, wrapper.length - 1)) };
}

function encodeString(value: string): Buffer {
  const length = Buffer.byteLength(value, 'utf8');
  const bytes = Buffer.allocUnsafe(length + 5);
  bytes.writeInt32LE(length + 1, 0);
  bytes.write(value, 4, 'utf8');
  bytes[length + 4] = 0;
  return bytes;
}

function isPlainDocument(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

function encodeElement(out: BsonParts, name: string, value: unknown): void {
  if (value instanceof RawDocument) {
    out.push(elementHeader(0x03, name));
    out.push(value.bytes);
  } else if (value instanceof RawValue) {
    out.push(elementHeader(value.type, name));
    out.push(value.bytes);
  } else if (Array.isArray(value)) {
    out.push(elementHeader(0x04, name));
    out.document(() => value.forEach((item, index) => encodeElement(out, String(index), item)));
  } else if (isPlainDocument(value)) {
    out.push(elementHeader(0x03, name));
    out.document(() => encodeFields(out, value));
  } else if (typeof value === 'string') {
    out.push(elementHeader(0x02, name));
    out.push(encodeString(value));
  } else if (typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647) {
    const bytes = Buffer.allocUnsafe(4);
    bytes.writeInt32LE(value, 0);
    out.push(elementHeader(0x10, name));
    out.push(bytes);
  } else if (typeof value === 'boolean') {
    out.push(elementHeader(0x08, name));
    out.push(Buffer.from([value ? 1 : 0]));
  } else if (value === null) {
    out.push(elementHeader(0x0a, name));
  } else if (value instanceof Long) {
    out.push(elementHeader(0x12, name));
    out.push(Buffer.from(value.toBytesLE()));
  } else {
    const encoded = encodeValue(value);
    out.push(elementHeader(encoded.type, name));
    out.push(encoded.bytes);
  }
}

function encodeFields(out: BsonParts, document: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(document)) if (value !== undefined) encodeElement(out, name, value);
}

/**
 * Encodes a reply document as parts (copied once, by the connection). `RawDocument`/`RawValue` values are
 * embedded verbatim; `undefined` fields are left out; everything else is encoded like `BSON.serialize` would.
 */
export function encodeDocumentParts(document: Record<string, unknown>): BsonParts {
  const out = new BsonParts();
  out.document(() => encodeFields(out, document));
  return out;
}

/** Like `encodeDocumentParts`, as one buffer. */
export function encodeDocument(document: Record<string, unknown>): Buffer {
  return encodeDocumentParts(document).concat();
}

/**
 * Reads BSON documents element by element without decoding values, so stored documents can be filtered, reordered
 * and updated while every untouched value keeps its exact bytes (Int32 vs Double vs Long, Binary subtypes, key order).
 */

/** BSON element type bytes (https://bsonspec.org/spec.html). */
export const BsonType = {
  double: 0x01,
  string: 0x02,
  document: 0x03,
  array: 0x04,
  binary: 0x05,
  undefined: 0x06,
  objectId: 0x07,
  boolean: 0x08,
  date: 0x09,
  null: 0x0a,
  regex: 0x0b,
  dbPointer: 0x0c,
  code: 0x0d,
  symbol: 0x0e,
  codeWithScope: 0x0f,
  int32: 0x10,
  timestamp: 0x11,
  int64: 0x12,
  decimal128: 0x13,
  minKey: 0xff,
  maxKey: 0x7f,
} as const;

/** MongoDB's alias for each BSON type, as used in `$type` and in error messages. */
export const bsonTypeAlias: Record<number, string> = {
  0x01: 'double',
  0x02: 'string',
  0x03: 'object',
  0x04: 'array',
  0x05: 'binData',
  0x06: 'undefined',
  0x07: 'objectId',
  0x08: 'bool',
  0x09: 'date',
  0x0a: 'null',
  0x0b: 'regex',
  0x0c: 'dbPointer',
  0x0d: 'javascript',
  0x0e: 'symbol',
  0x0f: 'javascriptWithScope',
  0x10: 'int',
  0x11: 'timestamp',
  0x12: 'long',
  0x13: 'decimal',
  0xff: 'minKey',
  0x7f: 'maxKey',
};

/** One element of a raw document: its name, type and where its value bytes are. */
export interface RawElement {
  readonly name: string;
  readonly type: number;
  /** Offset of the type byte (start of the whole element). */
  readonly elementStart: number;
  /** Offset of the value bytes. */
  readonly valueStart: number;
  /** Offset just past the value bytes. */
  readonly valueEnd: number;
}

function cstringEnd(buffer: Uint8Array, offset: number): number {
  const end = buffer.indexOf(0, offset);
  if (end < 0) throw new RangeError('corrupt BSON: unterminated cstring');
  return end;
}

/** Length in bytes of the value of type `type` starting at `offset`. */
export function valueLength(buffer: Buffer, type: number, offset: number): number {
  switch (type) {
    case BsonType.double:
    case BsonType.date:
    case BsonType.timestamp:
    case BsonType.int64:
      return 8;
    case BsonType.string:
    case BsonType.code:
    case BsonType.symbol:
      return 4 + buffer.readInt32LE(offset);
    case BsonType.document:
    case BsonType.array:
    case BsonType.codeWithScope:
      return buffer.readInt32LE(offset);
    case BsonType.binary:
      return 5 + buffer.readInt32LE(offset);
    case BsonType.undefined:
    case BsonType.null:
    case BsonType.minKey:
    case BsonType.maxKey:
      return 0;
    case BsonType.objectId:
      return 12;
    case BsonType.boolean:
      return 1;
    case BsonType.regex: {
      const patternEnd = cstringEnd(buffer, offset);
      return cstringEnd(buffer, patternEnd + 1) + 1 - offset;
    }
    case BsonType.dbPointer:
      return 4 + buffer.readInt32LE(offset) + 12;
    case BsonType.int32:
      return 4;
    case BsonType.decimal128:
      return 16;
    default:
      throw new RangeError(`corrupt BSON: unknown element type 0x${type.toString(16)}`);
  }
}

/** Calls `visit` for each element of the document starting at `docStart`; stop early by returning `false`. */
export function forEachElement(buffer: Buffer, docStart: number, visit: (element: RawElement) => unknown): void {
  const docEnd = docStart + buffer.readInt32LE(docStart) - 1;
  let offset = docStart + 4;
  while (offset < docEnd) {
    const type = buffer[offset] as number;
    const nameEnd = cstringEnd(buffer, offset + 1);
    const name = buffer.toString('utf8', offset + 1, nameEnd);
    const valueStart = nameEnd + 1;
    const valueEnd = valueStart + valueLength(buffer, type, valueStart);
    if (visit({ name, type, elementStart: offset, valueStart, valueEnd }) === false) return;
    offset = valueEnd;
  }
}

/** All elements of a raw document, in stored order. */
export function readElements(buffer: Buffer, docStart = 0): RawElement[] {
  const elements: RawElement[] = [];
  forEachElement(buffer, docStart, (element) => {
    elements.push(element);
  });
  return elements;
}

/** The top-level element called `name`, if present. */
export function findElement(buffer: Buffer, name: string, docStart = 0): RawElement | undefined {
  let found: RawElement | undefined;
  forEachElement(buffer, docStart, (element) => {
    if (element.name !== name) return true;
    found = element;
    return false;
  });
  return found;
}

/** The bytes of a document stored at `offset` (a copy-free view). */
export function documentAt(buffer: Buffer, offset: number): Buffer {
  return buffer.subarray(offset, offset + buffer.readInt32LE(offset));
}

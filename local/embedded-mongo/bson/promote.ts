/**
 * Decodes raw BSON into the "matchable" JavaScript values that mingo and the comparators work on.
 *
 * Why not `BSON.deserialize`: matching needs a few normalisations mingo relies on (Binary as bytes so it compares by
 * content, Long and Decimal128 as numbers so they compare numerically with Int32/Double), and `$bsonSize` needs the
 * exact stored size of each sub-document, which is recorded here while decoding. These copies are never stored or
 * returned to clients: replies always carry the original bytes.
 */
import { BSON, Code, Decimal128, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { BsonType, documentAt, valueLength } from './raw-reader.ts';

const storedSources = new WeakMap<object, Buffer>();
const binarySubtypes = new WeakMap<Uint8Array, number>();
/**
 * Documents decoded with only some fields (promote-selected.ts) carry where their stored bytes start, for exact
 * `$type` answers only (never `$bsonSize`, never replies), under a non-enumerable symbol: invisible to key
 * enumeration, spreading and comparison, and far cheaper than a WeakMap entry per decoded history entry.
 */
const partialSource = Symbol('partialSource');

interface PartialSource {
  readonly buffer: Buffer;
  readonly start: number;
}

/** Records where a partly decoded document's stored bytes start. */
export function recordPartialSource(document: object, buffer: Buffer, start: number): void {
  Object.defineProperty(document, partialSource, { value: { buffer, start } satisfies PartialSource });
}

/** The stored BSON size of a decoded document or array, when it came from raw bytes unchanged. */
export function storedSizeOf(value: object): number | undefined {
  return storedSources.get(value)?.length;
}

/** The stored bytes a decoded document or array came from (a view into the stored document). */
export function storedSourceOf(value: object): Buffer | undefined {
  return storedSources.get(value);
}

/**
 * The stored bytes of a decoded document, also when only some of its fields were decoded: what `$type` needs to
 * tell an Int32 from a Double along a path that was decoded.
 */
export function typedSourceOf(value: object): Buffer | undefined {
  const stored = storedSources.get(value);
  if (stored !== undefined) return stored;
  const partial = (value as { [partialSource]?: PartialSource })[partialSource];
  return partial === undefined ? undefined : documentAt(partial.buffer, partial.start);
}

/** The Binary subtype of a decoded binary value. */
export function binarySubtypeOf(value: Uint8Array): number | undefined {
  return binarySubtypes.get(value);
}

export function setField(target: Record<string, unknown>, name: string, value: unknown): void {
  // A stored key "__proto__" must become data, never the prototype.
  if (name === '__proto__')
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}

/**
 * Sub-documents and arrays are decoded on first access: a filter on `sessionHistory.0` or `browserSession.sessionId`
 * then never decodes the cookies of a 100 KB lead. The getter replaces itself with the decoded value.
 */
export function setLazyField(target: Record<string, unknown>, name: string, decode: () => unknown): void {
  Object.defineProperty(target, name, {
    enumerable: true,
    configurable: true,
    get(this: Record<string, unknown>) {
      const value = decode();
      Object.defineProperty(this, name, { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
    set(this: Record<string, unknown>, value: unknown) {
      Object.defineProperty(this, name, { value, enumerable: true, writable: true, configurable: true });
    },
  });
}

/** Offset of the NUL that ends the cstring starting at `offset` (a JS loop beats a native call for short keys). */
export function cstringEnd(buffer: Buffer, offset: number): number {
  let end = offset;
  while (buffer[end] !== 0) end++;
  return end;
}

/** UTF-8 text; short ASCII strings (keys, cookie names) are built in JS, avoiding a native call per string. */
function readText(buffer: Buffer, start: number, end: number): string {
  if (end - start > 24) return buffer.toString('utf8', start, end);
  let text = '';
  for (let i = start; i < end; i++) {
    const byte = buffer[i] as number;
    if (byte >= 0x80) return buffer.toString('utf8', start, end);
    text += String.fromCharCode(byte);
  }
  return text;
}

function readInt64AsNumber(buffer: Buffer, offset: number): number {
  return buffer.readInt32LE(offset + 4) * 4294967296 + buffer.readUInt32LE(offset);
}

function regexFlags(mongoFlags: string): string {
  return [...mongoFlags].filter((flag) => 'imsu'.includes(flag)).join('');
}

/** Decodes the value of type `type` at `start` (its bytes end at `end`). */
export function promoteValue(buffer: Buffer, type: number, start: number, end: number): unknown {
  switch (type) {
    case BsonType.double:
      return buffer.readDoubleLE(start);
    case BsonType.string:
    case BsonType.symbol:
      return readText(buffer, start + 4, end - 1);
    case BsonType.document:
      return promoteDocument(buffer, start);
    case BsonType.array:
      return promoteArray(buffer, start);
    case BsonType.binary: {
      const length = buffer.readInt32LE(start);
      const dataStart = buffer[start + 4] === 0x02 ? start + 9 : start + 5;
      // A plain Uint8Array (not a Buffer): mingo copies typed arrays with `new constructor(value)`, deprecated for Buffer.
      const bytes = new Uint8Array(buffer.subarray(dataStart, start + 5 + length));
      binarySubtypes.set(bytes, buffer[start + 4] as number);
      return bytes;
    }
    case BsonType.undefined:
    case BsonType.null:
      return null;
    case BsonType.objectId:
      return new ObjectId(buffer.subarray(start, start + 12));
    case BsonType.boolean:
      return buffer[start] === 1;
    case BsonType.date:
      return new Date(readInt64AsNumber(buffer, start));
    case BsonType.regex: {
      const patternEnd = buffer.indexOf(0, start);
      const pattern = buffer.toString('utf8', start, patternEnd);
      const flags = buffer.toString('utf8', patternEnd + 1, end - 1);
      return new RegExp(pattern, regexFlags(flags));
    }
    case BsonType.int32:
      return buffer.readInt32LE(start);
    case BsonType.timestamp:
      return new Timestamp({ i: buffer.readUInt32LE(start), t: buffer.readUInt32LE(start + 4) });
    case BsonType.int64:
      return readInt64AsNumber(buffer, start);
    case BsonType.decimal128:
      return Number(new Decimal128(buffer.subarray(start, start + 16)).toString());
    case BsonType.minKey:
      return new MinKey();
    case BsonType.maxKey:
      return new MaxKey();
    case BsonType.code:
      return new Code(buffer.toString('utf8', start + 4, end - 1));
    default:
      return promoteRareValue(buffer, type, start, end);
  }
}

/** DBPointer and code-with-scope: rare enough to let the bson package decode them. */
function promoteRareValue(buffer: Buffer, type: number, start: number, end: number): unknown {
  const length = 4 + 1 + 2 + (end - start) + 1;
  const wrapper = Buffer.alloc(length);
  wrapper.writeInt32LE(length, 0);
  wrapper[4] = type;
  wrapper.write('v', 5, 'latin1');
  buffer.copy(wrapper, 7, start, end);
  return BSON.deserialize(wrapper)['v'];
}

/**
 * Decodes the document at `docStart`. With `fields`, only those top-level fields are decoded: a query that reads
 * two fields of a 100 KB lead then costs a scan of the element headers, not a full decode.
 */
export function promoteDocument(buffer: Buffer, docStart = 0, fields?: ReadonlySet<string>): Record<string, unknown> {
  const size = buffer.readInt32LE(docStart);
  const docEnd = docStart + size - 1;
  const result: Record<string, unknown> = {};
  let offset = docStart + 4;
  while (offset < docEnd) {
    const type = buffer[offset] as number;
    const nameEnd = cstringEnd(buffer, offset + 1);
    const name = readText(buffer, offset + 1, nameEnd);
    const valueStart = nameEnd + 1;
    const valueEnd = valueStart + valueLength(buffer, type, valueStart);
    if (fields === undefined || fields.has(name)) {
      if (type === BsonType.document || type === BsonType.array)
        setLazyField(result, name, () => promoteValue(buffer, type, valueStart, valueEnd));
      else setField(result, name, promoteValue(buffer, type, valueStart, valueEnd));
    }
    offset = valueEnd;
  }
  if (fields === undefined) storedSources.set(result, buffer.subarray(docStart, docStart + size));
  return result;
}

/**
 * The elements of the stored array at `docStart`, each made by `value` from its type and value bytes: the one walk
 * over an array's elements that the decoders share (an array's element names are only its indexes).
 */
export function mapStoredArray<T>(
  buffer: Buffer,
  docStart: number,
  value: (type: number, valueStart: number, valueEnd: number) => T,
): T[] {
  const docEnd = docStart + buffer.readInt32LE(docStart) - 1;
  const result: T[] = [];
  let offset = docStart + 4;
  while (offset < docEnd) {
    const type = buffer[offset] as number;
    const valueStart = cstringEnd(buffer, offset + 1) + 1;
    const valueEnd = valueStart + valueLength(buffer, type, valueStart);
    result.push(value(type, valueStart, valueEnd));
    offset = valueEnd;
  }
  return result;
}

function promoteArray(buffer: Buffer, docStart: number): unknown[] {
  const result = mapStoredArray(buffer, docStart, (type, valueStart, valueEnd) =>
    promoteValue(buffer, type, valueStart, valueEnd),
  );
  storedSources.set(result, buffer.subarray(docStart, docStart + buffer.readInt32LE(docStart)));
  return result;
}

/**
 * Values an expression reads straight from stored bytes, decoded only when something needs the JavaScript value.
 *
 * Why: a digest-style `$project` asks for types, counts and sizes of sub-documents (`$type`, `$size`, `$bsonSize`,
 * a `$filter` on the type of each cookie's name) and reads a few scalars; decoding whole leads to answer that made
 * the daily job's read allocation-bound (mostly garbage collection). A {@link StoredValue} is a document or an array
 * still in its stored bytes; field paths walk those bytes, and the few operators that only need a type, a length or
 * a size answer from them. Every other consumer gets the decoded value ({@link decoded}), which is exactly what the
 * general path (decoding first) would have produced, so results are identical either way.
 */
import { cstringEnd, mapStoredArray, promoteValue } from '../bson/promote.ts';
import { BsonType, valueLength } from '../bson/raw-reader.ts';

/** A value whose decoding is deferred until a consumer needs it. */
export abstract class DeferredValue {
  abstract decode(): unknown;
}

/** A stored document or array (type byte 3 or 4) at `start` in `buffer`. */
export class StoredValue extends DeferredValue {
  readonly buffer: Buffer;
  readonly type: number;
  readonly start: number;
  #lookups = 0;
  #fields: Map<string, StoredElement> | undefined;

  constructor(buffer: Buffer, type: number, start: number) {
    super();
    this.buffer = buffer;
    this.type = type;
    this.start = start;
  }

  /**
   * The field `name` (also given as UTF-8 bytes) of this stored document. The first lookups scan the element
   * headers; a document read more often (a session entry whose digest reads a dozen fields) gets an index.
   */
  field(name: string, bytes: Buffer): StoredElement | undefined {
    if (this.#fields !== undefined) return this.#fields.get(name);
    if (++this.#lookups <= 2) return storedField(this.buffer, this.start, bytes);
    this.#fields = indexFields(this.buffer, this.start);
    return this.#fields.get(name);
  }

  /** The stored size in bytes (what `$bsonSize` reports for a document). */
  get size(): number {
    return this.buffer.readInt32LE(this.start);
  }

  decode(): unknown {
    return promoteValue(this.buffer, this.type, this.start, this.start + this.size);
  }
}

/** The result of `$filter` over a stored array: its kept elements, stored ones still undecoded. */
export class DeferredList extends DeferredValue {
  readonly items: readonly unknown[];

  constructor(items: readonly unknown[]) {
    super();
    this.items = items;
  }

  decode(): unknown[] {
    return this.items.map(decoded);
  }
}

/** The JavaScript value of `value` (a deferred value decoded, anything else as is). */
export function decoded(value: unknown): unknown {
  return value instanceof DeferredValue ? value.decode() : value;
}

/** A stored element's value: documents and arrays deferred, scalars decoded (they are cheap and small). */
function elementValue(buffer: Buffer, type: number, start: number, end: number): unknown {
  if (type === BsonType.document || type === BsonType.array) return new StoredValue(buffer, type, start);
  return promoteValue(buffer, type, start, end);
}

function nameEquals(buffer: Buffer, start: number, end: number, name: Buffer): boolean {
  if (end - start !== name.length) return false;
  for (let index = 0; index < name.length; index++) if (buffer[start + index] !== name[index]) return false;
  return true;
}

/** Where a field of a stored document is: its type byte and value bytes. */
export interface StoredElement {
  readonly type: number;
  readonly start: number;
  readonly end: number;
}

/**
 * The element called `name` (as UTF-8 bytes) in the stored document at `docStart`. With duplicate names the last
 * one wins, as it does when the document is decoded into an object.
 */
export function storedField(buffer: Buffer, docStart: number, name: Buffer): StoredElement | undefined {
  const docEnd = docStart + buffer.readInt32LE(docStart) - 1;
  let found: StoredElement | undefined;
  let offset = docStart + 4;
  while (offset < docEnd) {
    const type = buffer[offset] as number;
    const nameEnd = cstringEnd(buffer, offset + 1);
    const valueStart = nameEnd + 1;
    const valueEnd = valueStart + valueLength(buffer, type, valueStart);
    if (nameEquals(buffer, offset + 1, nameEnd, name)) found = { type, start: valueStart, end: valueEnd };
    offset = valueEnd;
  }
  return found;
}

/** Every field of the stored document at `docStart` by name (the last of duplicate names, as when decoded). */
function indexFields(buffer: Buffer, docStart: number): Map<string, StoredElement> {
  const docEnd = docStart + buffer.readInt32LE(docStart) - 1;
  const fields = new Map<string, StoredElement>();
  let offset = docStart + 4;
  while (offset < docEnd) {
    const type = buffer[offset] as number;
    const nameEnd = cstringEnd(buffer, offset + 1);
    const valueStart = nameEnd + 1;
    const valueEnd = valueStart + valueLength(buffer, type, valueStart);
    fields.set(buffer.toString('utf8', offset + 1, nameEnd), { type, start: valueStart, end: valueEnd });
    offset = valueEnd;
  }
  return fields;
}

/** Number of elements of the stored array at `start`. */
export function storedLength(buffer: Buffer, start: number): number {
  const end = start + buffer.readInt32LE(start) - 1;
  let count = 0;
  let offset = start + 4;
  while (offset < end) {
    const type = buffer[offset] as number;
    const valueStart = cstringEnd(buffer, offset + 1) + 1;
    offset = valueStart + valueLength(buffer, type, valueStart);
    count++;
  }
  return count;
}

/** The elements of the stored array at `start`, documents and arrays deferred. */
export function storedElements(buffer: Buffer, start: number): unknown[] {
  return mapStoredArray(buffer, start, (type, valueStart, valueEnd) =>
    elementValue(buffer, type, valueStart, valueEnd),
  );
}

/** What a field path walk through stored documents reached. */
export type StoredPathResult =
  | { readonly kind: 'missing' }
  | { readonly kind: 'element'; readonly buffer: Buffer; readonly element: StoredElement }
  /** The walk met an array before the path's end: array traversal semantics need the decoded value. */
  | { readonly kind: 'array-on-path' };

const missing: StoredPathResult = { kind: 'missing' };
const arrayOnPath: StoredPathResult = { kind: 'array-on-path' };

/** A field path after its variable: the names, and the same as UTF-8 bytes. */
export interface StoredPath {
  readonly names: readonly string[];
  readonly bytes: readonly Buffer[];
}

export function storedPath(names: readonly string[]): StoredPath {
  return { names, bytes: names.map((name) => Buffer.from(name, 'utf8')) };
}

/** Walks `path` (at least one name) from the stored document or array `root` through stored documents. */
export function walkStoredPath(root: StoredValue, path: StoredPath): StoredPathResult {
  if (root.type === BsonType.array) return arrayOnPath;
  const { buffer } = root;
  let element = root.field(path.names[0] as string, path.bytes[0] as Buffer);
  for (let index = 1; index < path.bytes.length; index++) {
    if (element === undefined) return missing;
    if (element.type === BsonType.array) return arrayOnPath;
    if (element.type !== BsonType.document) return missing;
    element = storedField(buffer, element.start, path.bytes[index] as Buffer);
  }
  return element === undefined ? missing : { kind: 'element', buffer, element };
}

/** The value a stored path walk reached (documents and arrays deferred). */
export function storedPathValue(result: StoredPathResult & { kind: 'element' }): unknown {
  const { buffer, element } = result;
  return elementValue(buffer, element.type, element.start, element.end);
}

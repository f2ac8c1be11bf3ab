/** Formats matchable values the way MongoDB prints them in error messages (`{ _id: ObjectId('...') }`). */
import { ObjectId } from 'bson';

/** Shell-like text of a value: strings quoted, ObjectId('hex'), new Date(ms), `{ a: 1 }`. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`;
  if (value instanceof Date) return `new Date(${String(value.getTime())})`;
  if (value instanceof RegExp) return String(value);
  if (value instanceof Uint8Array) return `BinData(0, ${JSON.stringify(Buffer.from(value).toString('base64'))})`;
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[ ${value.map(formatValue).join(', ')} ]`;
  if (typeof value === 'object' && value.constructor === Object) return formatFields(Object.entries(value));
  return String(value);
}

/** `{ name: value, ... }` from ordered pairs (names printed as is, like MongoDB's dup key messages). */
export function formatFields(entries: ReadonlyArray<readonly [string, unknown]>): string {
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([name, value]) => `${name}: ${formatValue(value)}`).join(', ')} }`;
}

/**
 * Gives decoded values their stored bytes back before a reply is encoded. Aggregation results are computed by mingo
 * on decoded copies; a sub-document that a pipeline passes through unchanged (an archived session entry, say) is
 * written from its stored bytes, so its BSON types survive, and a binary value keeps its subtype.
 */
import { Binary } from 'bson';
import { compareValues } from './compare.ts';
import { binarySubtypeOf, promoteValue, storedSourceOf } from './promote.ts';
import { BsonType } from './raw-reader.ts';
import { RawDocument, RawValue } from './raw-writer.ts';

function isPlainDocument(value: object): value is Record<string, unknown> {
  return Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * The stored bytes of `value` when it still equals what they decode to (mingo may have changed it in place).
 * With `trusted`, no check: only stages that never modify their input (compiled-stages.ts) touched it.
 */
function unchangedSource(value: object, type: number, trusted: boolean): Buffer | undefined {
  const source = storedSourceOf(value);
  if (source === undefined || trusted) return source;
  return compareValues(value, promoteValue(source, type, 0, source.length)) === 0 ? source : undefined;
}

/**
 * A copy of `value` where unchanged stored documents and arrays are RawDocument/RawValue and binaries are typed.
 * `trusted`: every stage that saw the value builds new objects and never modifies its input, so a decoded value
 * that still has a stored source is unchanged, and is written from its bytes without being decoded again.
 */
export function restoreStored(value: unknown, trusted = false): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) {
    const subtype = binarySubtypeOf(value);
    return subtype === undefined ? value : new Binary(value, subtype);
  }
  if (Array.isArray(value)) {
    const source = unchangedSource(value, BsonType.array, trusted);
    return source === undefined
      ? value.map((item) => restoreStored(item, trusted))
      : new RawValue(BsonType.array, source);
  }
  if (!isPlainDocument(value)) return value;
  const source = unchangedSource(value, BsonType.document, trusted);
  if (source !== undefined) return new RawDocument(source);
  const copy: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value)) {
    if (name === '__proto__')
      Object.defineProperty(copy, name, {
        value: restoreStored(inner, trusted),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[name] = restoreStored(inner, trusted);
  }
  return copy;
}

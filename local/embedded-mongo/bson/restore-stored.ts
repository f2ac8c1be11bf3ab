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

/** The stored bytes of `value` when it still equals what they decode to (mingo may have changed it in place). */
function unchangedSource(value: object, type: number): Buffer | undefined {
  const source = storedSourceOf(value);
  if (source === undefined) return undefined;
  return compareValues(value, promoteValue(source, type, 0, source.length)) === 0 ? source : undefined;
}

/** A copy of `value` where unchanged stored documents and arrays are RawDocument/RawValue and binaries are typed. */
export function restoreStored(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) {
    const subtype = binarySubtypeOf(value);
    return subtype === undefined ? value : new Binary(value, subtype);
  }
  if (Array.isArray(value)) {
    const source = unchangedSource(value, BsonType.array);
    return source === undefined ? value.map(restoreStored) : new RawValue(BsonType.array, source);
  }
  if (!isPlainDocument(value)) return value;
  const source = unchangedSource(value, BsonType.document);
  if (source !== undefined) return new RawDocument(source);
  const copy: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value)) {
    if (name === '__proto__')
      Object.defineProperty(copy, name, {
        value: restoreStored(inner),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[name] = restoreStored(inner);
  }
  return copy;
}

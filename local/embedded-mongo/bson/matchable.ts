/**
 * Normalises values decoded from a command (with `promoteValues: false`) into the same "matchable" shape that
 * `promote.ts` produces for stored documents, so filters and documents compare like with like.
 */
import { Binary, BSONRegExp, BSONSymbol, Decimal128, Double, Int32, Long } from 'bson';

/** Converts typed BSON values (Int32, Double, Long, Decimal128, Binary...) to matchable ones, recursively. */
export function toMatchable(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toMatchable);
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Decimal128) return Number(value.toString());
  if (value instanceof Binary) return new Uint8Array(value.buffer.subarray(0, value.position));
  if (value instanceof BSONSymbol) return value.valueOf();
  if (value instanceof BSONRegExp)
    return new RegExp(value.pattern, [...value.options].filter((f) => 'imsu'.includes(f)).join(''));
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === '__proto__')
      Object.defineProperty(result, key, {
        value: toMatchable(inner),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else result[key] = toMatchable(inner);
  }
  return result;
}

/** A command option that may arrive as number, Int32, Double or Long. */
export function toNumberOption(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number') return value;
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  if (value instanceof Long) return value.toNumber();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return fallback;
}

/** A truthy command flag (`true`, 1, Int32(1)...). */
export function isTruthyOption(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  return toNumberOption(value, 1) !== 0;
}

/** True for a plain object (not an array, not a BSON value class). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

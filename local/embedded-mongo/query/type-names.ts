/** MongoDB type names of matchable values, for `$type` (query and expression) and error messages. */
import { Code, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';

const int32Min = -2147483648;
const int32Max = 2147483647;

/**
 * The BSON type alias of a matchable value. Numbers were promoted, so Int32/Long/Double are told apart by value:
 * integral values in int32 range report "int", larger integers "long", the rest "double". `$type` uses the stored
 * BSON type instead whenever the value comes from a stored document (exact-types.ts).
 */
export function typeNameOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'double';
    return value >= int32Min && value <= int32Max ? 'int' : 'long';
  }
  if (Array.isArray(value)) return 'array';
  if (value instanceof ObjectId) return 'objectId';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (value instanceof Uint8Array) return 'binData';
  if (value instanceof Timestamp) return 'timestamp';
  if (value instanceof MinKey) return 'minKey';
  if (value instanceof MaxKey) return 'maxKey';
  if (value instanceof Code) return 'javascript';
  return 'object';
}

const aliasByNumber: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};

const numericAliases = new Set(['double', 'int', 'long', 'decimal']);

/** Whether a value of type `actual` (an alias) matches one `$type` argument (alias, number, or "number"). */
export function aliasMatchesTypeArgument(actual: string, argument: unknown): boolean {
  const alias = typeof argument === 'number' ? aliasByNumber[argument] : String(argument);
  return alias === 'number' ? numericAliases.has(actual) : actual === alias;
}

/**
 * Whether a value matches one `$type` argument, typed by value (callers use the stored type when they have it,
 * see exact-types.ts): an integral number is "int" (or "long" beyond int32), any other number "double".
 */
export function matchesTypeArgument(value: unknown, argument: unknown): boolean {
  return aliasMatchesTypeArgument(typeNameOf(value), argument);
}

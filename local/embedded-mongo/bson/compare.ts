/**
 * MongoDB's comparison order for matchable values (see `promote.ts`): used for sort, $min/$max, $push $sort and
 * equality in $addToSet/$pull. mingo's own order differs across types (it puts ObjectId last), so sorting uses this.
 */
import { Code, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';

/** MongoDB's canonical type rank: MinKey < null < numbers < strings < objects < arrays < binData < ObjectId < ... */
export function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 2;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
    default:
      break;
  }
  if (Array.isArray(value)) return 6;
  if (value instanceof MinKey) return 1;
  if (value instanceof MaxKey) return 14;
  if (value instanceof ObjectId) return 8;
  if (value instanceof Date) return 10;
  if (value instanceof Timestamp) return 11;
  if (value instanceof RegExp) return 12;
  if (value instanceof Code) return 13;
  if (value instanceof Uint8Array) return 7;
  return 5;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function compareNumbers(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return sign(a - b) || (a === b ? 0 : a < b ? -1 : 1);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return Buffer.compare(a, b);
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  const common = Math.min(keysA.length, keysB.length);
  for (let i = 0; i < common; i++) {
    const keyA = keysA[i] as string;
    const keyB = keysB[i] as string;
    const byType = typeRank(a[keyA]) - typeRank(b[keyB]);
    if (byType !== 0) return sign(byType);
    const byName = compareStrings(keyA, keyB);
    if (byName !== 0) return byName;
    const byValue = compareValues(a[keyA], b[keyB]);
    if (byValue !== 0) return byValue;
  }
  return sign(keysA.length - keysB.length);
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    const byValue = compareValues(a[i], b[i]);
    if (byValue !== 0) return byValue;
  }
  return sign(a.length - b.length);
}

/** Total order of two matchable values, as MongoDB compares BSON values (numbers compare across numeric types). */
export function compareValues(a: unknown, b: unknown): number {
  // Same-type fast paths (most comparisons of a filter are string to string or date to date): no ranking needed.
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'number' && typeof b === 'number') return compareNumbers(a, b);
  if (a instanceof Date && b instanceof Date) return compareNumbers(a.getTime(), b.getTime());
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return sign(rankA - rankB);
  switch (rankA) {
    case 3:
      return compareNumbers(Number(a), Number(b));
    case 4:
      return compareStrings(a as string, b as string);
    case 5:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>);
    case 6:
      return compareArrays(a as unknown[], b as unknown[]);
    case 7:
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case 8:
      return compareStrings((a as ObjectId).toHexString(), (b as ObjectId).toHexString());
    case 9:
      return sign(Number(a) - Number(b));
    case 10:
      return compareNumbers((a as Date).getTime(), (b as Date).getTime());
    case 11:
      return (a as Timestamp).compare(b as Timestamp);
    case 12:
      return compareStrings(String(a), String(b));
    case 13:
      return compareStrings((a as Code).code, (b as Code).code);
    default:
      return 0;
  }
}

/** MongoDB equality of two matchable values (1 equals 1.0 equals Long(1); documents compare in field order). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0;
}

/** Encodes a double so that the strings sort like the numbers (NaN first, -0 equal to 0). */
function sortableNumber(n: number): string {
  if (Number.isNaN(n)) return '0000000000000000';
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(n === 0 ? 0 : n);
  if ((bytes[0] as number) & 0x80) for (let i = 0; i < 8; i++) bytes[i] = ~(bytes[i] as number) & 0xff;
  else bytes[0] = (bytes[0] as number) | 0x80;
  return bytes.toString('hex');
}

/**
 * A string key for a matchable value: equal values (in MongoDB's sense) get equal keys, and for scalars of one type
 * the keys sort like the values. Used to order documents by `_id` and to enforce unique indexes.
 */
export function valueKey(value: unknown): string {
  const rank = String.fromCharCode(96 + typeRank(value));
  switch (typeRank(value)) {
    case 2:
      return rank;
    case 3:
      return rank + sortableNumber(Number(value));
    case 4:
      return rank + (value as string);
    case 5:
      return `${rank}{${Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${JSON.stringify(k)}:${valueKey(v)}`)
        .join(',')}}`;
    case 6:
      return `${rank}[${(value as unknown[]).map(valueKey).join(',')}]`;
    case 7:
      return (
        rank +
        (value as Uint8Array).length.toString(16).padStart(8, '0') +
        Buffer.from(value as Uint8Array).toString('hex')
      );
    case 8:
      return rank + (value as ObjectId).toHexString();
    case 9:
      return rank + (value ? '1' : '0');
    case 10:
      return rank + sortableNumber((value as Date).getTime());
    case 11:
      return rank + (value as Timestamp).toString().padStart(20, '0');
    default:
      return rank + JSON.stringify(String(value));
  }
}

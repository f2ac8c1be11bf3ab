/**
 * The constant list of an aggregation `$in` as a hash set, for the lists the daily and weekly jobs send: session
 * ids (strings) and `[_id, lastAccessedAt, sessionId]` tuples. A value is keyed by its type and content so that
 * two keys are equal exactly when `compareValues` says the values are equal; values of any other kind make the
 * list "not keyable" and `$in` compares one candidate at a time, as before.
 */
import { ObjectId } from 'bson';

/** Membership test of a constant `$in` list. */
export interface ConstantSet {
  has(value: unknown): boolean;
}

/**
 * A key equal for equal values: numbers compare by value across int/long/double (all are JavaScript numbers
 * here), dates by instant, ObjectIds by bytes, arrays element by element. Undefined for anything else (documents,
 * binaries, null, missing...), whose comparisons the general path handles.
 */
function keyOf(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      return Number.isNaN(value) ? 'nNaN' : `n${String(value === 0 ? 0 : value)}`;
    case 'boolean':
      return value ? 'T' : 'F';
    default:
      break;
  }
  if (value instanceof Date) return `d${String(value.getTime())}`;
  if (value instanceof ObjectId) return `o${value.toHexString()}`;
  if (Array.isArray(value)) {
    const keys: string[] = [];
    for (const item of value) {
      const key = keyOf(item);
      if (key === undefined) return undefined;
      keys.push(JSON.stringify(key));
    }
    return `[${keys.join(',')}]`;
  }
  return undefined;
}

const isFieldPath = (value: unknown): boolean => typeof value === 'string' && value.startsWith('$');

/** True when the list holds no expression: no `$` strings, no operator documents, at any depth of arrays. */
function isLiteral(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isLiteral);
  return (
    !isFieldPath(value) &&
    (value === null || typeof value !== 'object' || !Object.keys(value).some((key) => key.startsWith('$')))
  );
}

/**
 * The set for `$in`'s second argument when it is a literal list of keyable values (at least 8: below that a scan
 * is as fast); undefined otherwise. A value that is not keyable is in no such list (each list value is keyable, and
 * equal values have equal keys; a not-keyable value equals no keyable one).
 */
export function constantInSet(list: unknown): ConstantSet | undefined {
  if (!Array.isArray(list) || list.length < 8 || !isLiteral(list)) return undefined;
  const keys = new Set<string>();
  for (const item of list) {
    const key = keyOf(item);
    if (key === undefined) return undefined;
    keys.add(key);
  }
  return {
    has(value) {
      const key = keyOf(value);
      return key !== undefined && keys.has(key);
    },
  };
}

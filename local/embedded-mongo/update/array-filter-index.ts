/**
 * An index of an array's elements by one field, so that N array filters over M elements cost about N + M tests
 * instead of N x M. The weekly job sends one array filter per history entry it changes (`{"e3.sessionId": "s3",
 * "e3._id": ..., "e3.lastAccessedAt": ...}`): each filter requires a string (or ObjectId) equal to one value, so
 * only the elements holding that value can pass it. The index maps each such value to those elements' positions,
 * built once per array and update; each filter then runs its full test on its few candidates only.
 *
 * Sound by construction: the values indexed for an element are every string and ObjectId reachable along the path,
 * through arrays at any depth, a superset of what an equality can match; the filter's own test still decides.
 */
import { ObjectId } from 'bson';
import { selectionOfPath } from '../bson/field-selection.ts';
import { isPlainObject } from '../bson/matchable.ts';
import { promoteSelected } from '../bson/promote-selected.ts';
import { BsonType } from '../bson/raw-reader.ts';
import { type ArrayNode, matchableOf, type TreeNode } from './tree.ts';

type AnyObject = Record<string, unknown>;

/** An equality every element passing a filter satisfies: the element's field path and the value's index key. */
export interface EqualityKey {
  readonly path: string;
  readonly key: string;
}

/** The index key of a value an equality can be looked up by (strings and ObjectIds), else undefined. */
function indexKeyOf(value: unknown): string | undefined {
  if (typeof value === 'string') return `s${value}`;
  if (value instanceof ObjectId) return `o${value.toHexString()}`;
  return undefined;
}

/**
 * The first `identifier.<path>: value` equality of a filter (matchable) whose value can be indexed, when the filter
 * is a plain conjunction of conditions on the element's fields; else undefined (the filter tests every element).
 */
export function equalityKeyOf(filter: AnyObject, identifier: string): EqualityKey | undefined {
  const prefix = `${identifier}.`;
  if (!Object.keys(filter).every((name) => name.startsWith(prefix))) return undefined;
  for (const [name, condition] of Object.entries(filter)) {
    const path = name.slice(prefix.length);
    if (path.split('.').some((segment) => /^\d+$/.test(segment))) continue;
    const value = isPlainObject(condition) && Object.keys(condition).length === 1 ? condition['$eq'] : condition;
    const key = indexKeyOf(value);
    if (key !== undefined) return { path, key };
  }
  return undefined;
}

/** Every indexable value along `segments` in `value`, descending into arrays at any depth. */
function collectKeys(value: unknown, segments: readonly string[], index: number, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const element of value) collectKeys(element, segments, index, out);
    return;
  }
  if (index === segments.length) {
    const key = indexKeyOf(value);
    if (key !== undefined) out.add(key);
    return;
  }
  if (!isPlainObject(value)) return;
  const segment = segments[index] as string;
  if (Object.prototype.hasOwnProperty.call(value, segment)) collectKeys(value[segment], segments, index + 1, out);
}

/** Positions of the array's elements by the index keys of the values at `path`, in ascending order. */
export function indexArrayByPath(array: ArrayNode, path: string): Map<string, number[]> {
  const segments = path.split('.');
  const selection = selectionOfPath(segments, 'all');
  const positions = new Map<string, number[]>();
  array.items.forEach((item: TreeNode, position) => {
    const decoded =
      item.kind === 'leaf' && item.type === BsonType.document
        ? promoteSelected(item.bytes, 0, selection)
        : matchableOf(item);
    const keys = new Set<string>();
    collectKeys(decoded, segments, 0, keys);
    for (const key of keys) {
      const list = positions.get(key);
      if (list === undefined) positions.set(key, [position]);
      else list.push(position);
    }
  });
  return positions;
}

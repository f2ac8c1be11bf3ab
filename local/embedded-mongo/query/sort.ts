/** Sort specifications and MongoDB's sort key rule: an array sorts by its smallest element ascending, largest descending. */
import { compareValues } from '../bson/compare.ts';
import { isPlainObject, toNumberOption } from '../bson/matchable.ts';
import { ErrorCode, fail } from '../errors.ts';
import { collectIndexValues } from './field-paths.ts';

type AnyObject = Record<string, unknown>;

export interface SortField {
  readonly path: string;
  readonly direction: 1 | -1;
}

/** Parses a typed sort document (`{a: 1, b: -1}`); `$natural` means `_id` order here. */
export function parseSort(sort: unknown): SortField[] {
  if (sort === undefined || sort === null) return [];
  if (!isPlainObject(sort)) fail(ErrorCode.TypeMismatch, 'sort must be an object');
  return Object.entries(sort).map(([path, direction]) => {
    if (isPlainObject(direction))
      fail(ErrorCode.BadValue, `$meta sort is not supported by the embedded server: ${path}`);
    const value = toNumberOption(direction, Number.NaN);
    if (value !== 1 && value !== -1)
      fail(ErrorCode.BadValue, `$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
    return { path: path === '$natural' ? '_id' : path, direction: value };
  });
}

/** True when the order is plain `_id` order (ascending or descending): then scans stream without sorting. */
export function idOrderDirection(fields: readonly SortField[]): 1 | -1 | undefined {
  if (fields.length === 0) return 1;
  return fields.length === 1 && fields[0]?.path === '_id' ? fields[0].direction : undefined;
}

function sortKey(document: AnyObject, field: SortField): unknown {
  const values = collectIndexValues(document, field.path);
  if (values.length === 0) return null;
  return values.reduce((best, value) => (compareValues(value, best) * field.direction < 0 ? value : best));
}

/** Comparator over decoded documents for `fields`. */
export function documentComparator(fields: readonly SortField[]): (a: AnyObject, b: AnyObject) => number {
  return (a, b) => {
    for (const field of fields) {
      const order = compareValues(sortKey(a, field), sortKey(b, field));
      if (order !== 0) return order * field.direction;
    }
    return 0;
  };
}

/** Top-level fields a sort reads. */
export function sortFields(fields: readonly SortField[]): string[] {
  return fields.map((field) => field.path.split('.')[0] as string);
}

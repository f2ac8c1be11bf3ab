/**
 * Find projections applied to the stored bytes: inclusion, exclusion (dotted paths, through arrays) and `$slice`
 * copy the selected values verbatim, so projected replies keep every BSON type. Other projection operators
 * ($elemMatch, `a.$`, expressions) are delegated to mingo on a decoded copy (see `needsMingo`).
 */
import { isPlainObject, toMatchable } from '../bson/matchable.ts';
import { BsonType, forEachElement } from '../bson/raw-reader.ts';
import { elementHeader, wrapDocument } from '../bson/raw-writer.ts';
import { ErrorCode, fail } from '../errors.ts';

type AnyObject = Record<string, unknown>;

/** A node of the projection tree: include/exclude a field, descend into it, or slice an array. */
type ProjectionNode = true | { readonly slice: readonly [number, number | undefined] } | Map<string, ProjectionNode>;

export interface Projection {
  readonly mode: 'include' | 'exclude';
  readonly tree: Map<string, ProjectionNode>;
  readonly includeId: boolean;
}

/** True when the projection needs more than include/exclude/$slice (then mingo projects a decoded copy). */
export function needsMingo(projection: AnyObject): boolean {
  return Object.entries(projection).some(([path, value]) => {
    if (path.endsWith('.$')) return true;
    const spec = toMatchable(value);
    if (isPlainObject(spec)) return Object.keys(spec).some((key) => key !== '$slice');
    return typeof spec !== 'number' && typeof spec !== 'boolean';
  });
}

function insertPath(tree: Map<string, ProjectionNode>, segments: readonly string[], node: ProjectionNode): void {
  const [head, ...rest] = segments as [string, ...string[]];
  if (rest.length === 0) {
    tree.set(head, node);
    return;
  }
  const existing = tree.get(head);
  const child = existing instanceof Map ? existing : new Map<string, ProjectionNode>();
  tree.set(head, child);
  insertPath(child, rest, node);
}

function sliceOf(argument: unknown): readonly [number, number | undefined] {
  if (Array.isArray(argument)) return [Number(argument[0]), Number(argument[1])];
  const n = Number(argument);
  return n < 0 ? [n, undefined] : [0, n];
}

/** Parses an include/exclude/$slice projection (typed values); mixing modes is 31253/31254 like MongoDB. */
export function parseProjection(projection: AnyObject): Projection | undefined {
  const entries = Object.entries(projection).map(([path, value]) => [path, toMatchable(value)] as const);
  if (entries.length === 0) return undefined;
  let mode: 'include' | 'exclude' | undefined;
  let includeId = true;
  const tree = new Map<string, ProjectionNode>();
  for (const [path, value] of entries) {
    if (isPlainObject(value)) {
      insertPath(tree, path.split('.'), { slice: sliceOf(value['$slice']) });
      continue;
    }
    const include = value === true || (typeof value === 'number' && value !== 0);
    if (path === '_id') {
      includeId = include;
      continue;
    }
    const wanted = include ? 'include' : 'exclude';
    if (mode !== undefined && mode !== wanted) {
      if (wanted === 'exclude')
        fail(ErrorCode.ProjectionExclusionInInclusion, `Cannot do exclusion on field ${path} in inclusion projection`);
      fail(ErrorCode.ProjectionInclusionInExclusion, `Cannot do inclusion on field ${path} in exclusion projection`);
    }
    mode = wanted;
    insertPath(tree, path.split('.'), true);
  }
  mode ??= includeId && projection['_id'] !== undefined ? 'include' : 'exclude';
  if (!includeId && mode === 'exclude') tree.set('_id', true);
  return { mode, tree, includeId };
}

function sliceArray(raw: Buffer, start: number, slice: readonly [number, number | undefined]): Buffer {
  const items: Buffer[] = [];
  const types: number[] = [];
  forEachElement(raw, start, (element) => {
    items.push(raw.subarray(element.valueStart, element.valueEnd));
    types.push(element.type);
  });
  const [skip, limit] = slice;
  const from = skip < 0 ? Math.max(0, items.length + skip) : Math.min(skip, items.length);
  const to = limit === undefined ? items.length : Math.min(items.length, from + limit);
  const parts: Buffer[] = [];
  for (let i = from; i < to; i++) parts.push(elementHeader(types[i] as number, String(i - from)), items[i] as Buffer);
  return wrapDocument(parts);
}

function projectValue(
  raw: Buffer,
  type: number,
  start: number,
  end: number,
  node: ProjectionNode,
  mode: Projection['mode'],
): Buffer | undefined {
  if (node === true) return mode === 'include' ? raw.subarray(start, end) : undefined;
  if (!(node instanceof Map))
    return type === BsonType.array ? sliceArray(raw, start, node.slice) : raw.subarray(start, end);
  if (type === BsonType.document) return projectDocument(raw, start, node, mode, false);
  if (type === BsonType.array) {
    const parts: Buffer[] = [];
    let index = 0;
    forEachElement(raw, start, (element) => {
      const isContainer = element.type === BsonType.document || element.type === BsonType.array;
      if (!isContainer && mode === 'include') return;
      const value = isContainer
        ? projectValue(raw, element.type, element.valueStart, element.valueEnd, node, mode)
        : raw.subarray(element.valueStart, element.valueEnd);
      if (value !== undefined) parts.push(elementHeader(element.type, String(index++)), value);
    });
    return wrapDocument(parts);
  }
  return mode === 'include' ? undefined : raw.subarray(start, end);
}

function projectDocument(
  raw: Buffer,
  start: number,
  tree: Map<string, ProjectionNode>,
  mode: Projection['mode'],
  topLevel: boolean,
  includeId = true,
): Buffer {
  const parts: Buffer[] = [];
  forEachElement(raw, start, (element) => {
    const node = tree.get(element.name);
    let value: Buffer | undefined;
    if (topLevel && element.name === '_id' && mode === 'include')
      value = includeId ? raw.subarray(element.valueStart, element.valueEnd) : undefined;
    else if (node === undefined)
      value = mode === 'exclude' ? raw.subarray(element.valueStart, element.valueEnd) : undefined;
    else value = projectValue(raw, element.type, element.valueStart, element.valueEnd, node, mode);
    if (value !== undefined) parts.push(elementHeader(element.type, element.name), value);
  });
  return wrapDocument(parts);
}

/** The projected document, built from the stored bytes. */
export function projectRaw(raw: Buffer, projection: Projection): Buffer {
  return projectDocument(raw, 0, projection.tree, projection.mode, true, projection.includeId);
}

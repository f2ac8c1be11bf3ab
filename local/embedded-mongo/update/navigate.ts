/**
 * Walking update paths through a document tree: expanding positional segments (`$`, `$[]`, `$[id]`) into concrete
 * paths against the document as it was before the update, and finding (or creating) the parent of a concrete path.
 */
import { formatValue } from '../bson/format.ts';
import { BsonType } from '../bson/raw-reader.ts';
import { ErrorCode, fail } from '../errors.ts';
import { indexArrayByPath } from './array-filter-index.ts';
import type { ArrayFilter } from './array-filters.ts';
import { type ArrayNode, type DocNode, leaf, matchableOf, open, type TreeNode } from './tree.ts';
import { arrayFilterIdentifier } from './update-paths.ts';

/** Where a concrete path ends: its parent container and the last segment. */
export interface WriteTarget {
  readonly parent: DocNode | ArrayNode;
  readonly key: string;
}

const isIndex = (segment: string): boolean => /^\d+$/.test(segment);

/** A short text of a node for error messages. */
export function describeNode(name: string, node: TreeNode): string {
  const text = formatValue(matchableOf(node));
  return `{${name}: ${text.length > 200 ? `${text.slice(0, 200)}...` : text}}`;
}

export function getChild(parent: DocNode | ArrayNode, key: string): TreeNode | undefined {
  if (parent.kind === 'doc') return parent.fields.get(key);
  return isIndex(key) ? parent.items[Number(key)] : undefined;
}

/** Sets a child; an array index past the end pads with nulls, as MongoDB does. */
export function setChild(parent: DocNode | ArrayNode, key: string, node: TreeNode): void {
  if (parent.kind === 'doc') {
    parent.fields.set(key, node);
    return;
  }
  const index = Number(key);
  while (parent.items.length < index) parent.items.push(leaf(BsonType.null, Buffer.alloc(0)));
  parent.items[index] = node;
}

/**
 * The parent of a concrete path, decoding nodes on the way. With `create`, missing documents are created and a
 * path through a scalar or a non-numeric step into an array is PathNotViable (28); without it, undefined.
 */
export function resolveTarget(
  document: DocNode,
  segments: readonly string[],
  create: boolean,
): WriteTarget | undefined {
  let parent: DocNode | ArrayNode = document;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i] as string;
    if (parent.kind === 'array' && !isIndex(segment)) {
      if (!create) return undefined;
      fail(
        ErrorCode.PathNotViable,
        `Cannot create field '${segment}' in element ${describeNode(segments[i - 1] ?? '', parent)}`,
      );
    }
    const child = getChild(parent, segment);
    if (child === undefined) {
      if (!create) return undefined;
      const created: DocNode = { kind: 'doc', fields: new Map() };
      setChild(parent, segment, created);
      parent = created;
      continue;
    }
    const opened = open(child);
    if (opened !== child) setChild(parent, segment, opened);
    if (opened.kind === 'leaf') {
      if (!create) return undefined;
      fail(
        ErrorCode.PathNotViable,
        `Cannot create field '${segments[i + 1] as string}' in element ${describeNode(segment, opened)}`,
      );
    }
    parent = opened;
  }
  const key = segments[segments.length - 1] as string;
  if (parent.kind === 'array' && !isIndex(key)) {
    if (!create) return undefined;
    fail(
      ErrorCode.PathNotViable,
      `Cannot create field '${key}' in element ${describeNode(segments[segments.length - 2] ?? '', parent)}`,
    );
  }
  return { parent, key };
}

/** What expansion needs: array filters and the `$` index found by the query. */
export interface ExpansionContext {
  readonly arrayFilters: ReadonlyMap<string, ArrayFilter>;
  /** Index of the array element the query matched, for `$` (undefined: no match). */
  readonly positionalIndex: (arrayPath: string) => number | undefined;
  /** Decoded nodes and filter results, shared by all paths of one update (nothing changes during expansion). */
  readonly openedNodes: Map<TreeNode, TreeNode>;
  readonly filterResults: Map<TreeNode, Map<string, boolean>>;
  /** Indexes of arrays by an element field (array-filter-index.ts), built on first use. */
  readonly arrayIndexes: Map<ArrayNode, Map<string, Map<string, number[]>>>;
}

/** The positions an array filter may select: those its equality key's index lists, or every position. */
function candidatePositions(array: ArrayNode, filter: ArrayFilter | undefined, context: ExpansionContext): number[] {
  const key = filter?.equalityKey;
  if (key === undefined) return array.items.map((_item, position) => position);
  let byPath = context.arrayIndexes.get(array);
  if (byPath === undefined) {
    byPath = new Map();
    context.arrayIndexes.set(array, byPath);
  }
  let index = byPath.get(key.path);
  if (index === undefined) {
    index = indexArrayByPath(array, key.path);
    byPath.set(key.path, index);
  }
  return index.get(key.key) ?? [];
}

function openCached(node: TreeNode, context: ExpansionContext): TreeNode {
  const cached = context.openedNodes.get(node);
  if (cached !== undefined) return cached;
  const opened = open(node);
  context.openedNodes.set(node, opened);
  return opened;
}

function passesFilter(item: TreeNode, identifier: string, filter: ArrayFilter, context: ExpansionContext): boolean {
  const results = context.filterResults.get(item) ?? new Map<string, boolean>();
  context.filterResults.set(item, results);
  let result = results.get(identifier);
  if (result === undefined) {
    result = filter.test(item);
    results.set(identifier, result);
  }
  return result;
}

function expand(
  node: TreeNode | undefined,
  segments: readonly string[],
  index: number,
  prefix: string[],
  context: ExpansionContext,
  out: string[][],
): void {
  if (index === segments.length) {
    out.push(prefix);
    return;
  }
  const segment = segments[index] as string;
  const opened = node === undefined ? undefined : openCached(node, context);
  if (segment === '$') {
    const position = context.positionalIndex(prefix.join('.'));
    if (position === undefined)
      fail(ErrorCode.BadValue, 'The positional operator did not find the match needed from the query.');
    const child = opened !== undefined && opened.kind !== 'leaf' ? getChild(opened, String(position)) : undefined;
    expand(child, segments, index + 1, [...prefix, String(position)], context, out);
    return;
  }
  const identifier = arrayFilterIdentifier(segment);
  if (identifier !== undefined) {
    if (opened === undefined)
      fail(
        ErrorCode.BadValue,
        `The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`,
      );
    if (opened.kind !== 'array')
      fail(
        ErrorCode.BadValue,
        `Cannot apply array updates to non-array element ${describeNode(prefix[prefix.length - 1] ?? '', opened)}`,
      );
    const filter = identifier === '' ? undefined : context.arrayFilters.get(identifier);
    for (const position of candidatePositions(opened, filter, context)) {
      const item = opened.items[position] as TreeNode;
      if (filter !== undefined && !passesFilter(item, identifier, filter, context)) continue;
      expand(item, segments, index + 1, [...prefix, String(position)], context, out);
    }
    return;
  }
  const child = opened !== undefined && opened.kind !== 'leaf' ? getChild(opened, segment) : undefined;
  expand(child, segments, index + 1, [...prefix, segment], context, out);
}

/** Concrete paths an update path reaches in `document` (one path when it has no positional segment). */
export function expandPath(document: DocNode, segments: readonly string[], context: ExpansionContext): string[][] {
  if (!segments.some((segment) => segment.startsWith('$'))) return [[...segments]];
  const out: string[][] = [];
  expand(document, segments, 0, [], context, out);
  return out;
}

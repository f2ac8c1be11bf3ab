/**
 * Applies a parsed update to one stored document and returns the new BSON. Operator updates change only the paths
 * they name (see tree.ts); replacements keep `_id`; pipeline updates run through mingo and keep the original
 * bytes of every field whose value the pipeline left equal.
 */
import { Aggregator } from 'mingo/aggregator';
import { valuesEqual } from '../bson/compare.ts';
import { toMatchable } from '../bson/matchable.ts';
import { promoteDocument } from '../bson/promote.ts';
import { ErrorCode, fail, toCommandError } from '../errors.ts';
import { mingoOptions } from '../query/mingo-context.ts';
import { arrayOperators } from './array-operators.ts';
import { fieldOperators, type OperatorContext, type OperatorFunction } from './field-operators.ts';
import { type ExpansionContext, expandPath, getChild, resolveTarget, setChild } from './navigate.ts';
import type { OperatorEntry, ParsedUpdate } from './parse-update.ts';
import {
  type DocNode,
  leafFromValue,
  matchableOf,
  open,
  parseDocument,
  sameBytes,
  serializeDocument,
  type TreeNode,
} from './tree.ts';
import { assertNoRuntimeConflict, compareSegments } from './update-paths.ts';

type AnyObject = Record<string, unknown>;

const operators: Readonly<Record<string, OperatorFunction>> = { ...fieldOperators, ...arrayOperators };

/** Everything an update needs to know besides the update itself. */
export interface UpdateContext extends OperatorContext {
  /** True when the document is being created by an upsert ($setOnInsert applies). */
  readonly isInsert: boolean;
  /** Index of the array element the query matched, for `$`. */
  readonly positionalIndex: (arrayPath: string) => number | undefined;
}

const renameOperator = (document: DocNode, entry: OperatorEntry): void => {
  const source = resolveTarget(document, entry.segments, false);
  const value = source === undefined ? undefined : getChild(source.parent, source.key);
  if (source === undefined || value === undefined) return;
  if (source.parent.kind === 'array')
    fail(ErrorCode.BadValue, `The source field cannot be an array element, '${entry.path}'`);
  const destination = resolveTarget(document, (entry.argument as string).split('.'), true);
  if (destination === undefined) return;
  if (destination.parent.kind === 'array')
    fail(ErrorCode.BadValue, `The destination field cannot be an array element, '${String(entry.argument)}'`);
  source.parent.fields.delete(source.key);
  setChild(destination.parent, destination.key, value);
};

function applyOperators(
  document: DocNode,
  entries: readonly OperatorEntry[],
  arrayFilters: ExpansionContext['arrayFilters'],
  context: UpdateContext,
): void {
  const expansion: ExpansionContext = {
    arrayFilters,
    positionalIndex: context.positionalIndex,
    openedNodes: new Map(),
    filterResults: new Map(),
    arrayIndexes: new Map(),
  };
  const steps: { entry: OperatorEntry; path: string[] }[] = [];
  let positional = false;
  for (const entry of entries) {
    if (entry.operator === '$setOnInsert' && !context.isInsert) continue;
    positional ||= entry.segments.some((segment) => segment.startsWith('$'));
    for (const path of expandPath(document, entry.segments, expansion)) steps.push({ entry, path });
  }
  if (positional) assertNoRuntimeConflict(steps.map((step) => step.path));
  // MongoDB applies updates in field-name order, which decides where new fields are appended.
  steps.sort((a, b) => compareSegments(a.path, b.path));
  for (const { entry, path } of steps) {
    if (entry.operator === '$rename') renameOperator(document, entry);
    else (operators[entry.operator] as OperatorFunction)(document, path, entry, context);
  }
}

/** Keeps original nodes wherever the pipeline's output equals the input (so their BSON types survive). */
function mergeKeepingTypes(original: TreeNode | undefined, updated: unknown): TreeNode {
  if (original === undefined) return leafFromValue(updated);
  const opened = open(original);
  if (
    opened.kind === 'doc' &&
    updated !== null &&
    typeof updated === 'object' &&
    Object.getPrototypeOf(updated) === Object.prototype
  ) {
    const fields = new Map<string, TreeNode>();
    for (const [name, value] of Object.entries(updated))
      fields.set(name, mergeKeepingTypes(opened.fields.get(name), value));
    return { kind: 'doc', fields };
  }
  return valuesEqual(matchableOf(opened), updated) ? opened : leafFromValue(updated);
}

function applyPipeline(raw: Buffer, stages: readonly AnyObject[], document: DocNode): DocNode {
  let output: AnyObject | undefined;
  try {
    output = new Aggregator(toMatchable(stages) as AnyObject[], mingoOptions).run<AnyObject>([promoteDocument(raw)])[0];
  } catch (error) {
    throw toCommandError(error);
  }
  return mergeKeepingTypes(document, output ?? {}) as DocNode;
}

/** Moves `_id` to the front (MongoDB always stores it first). */
export function withIdFirst(document: DocNode): DocNode {
  const id = document.fields.get('_id');
  if (id === undefined || document.fields.keys().next().value === '_id') return document;
  const fields = new Map<string, TreeNode>([['_id', id]]);
  for (const [name, node] of document.fields) if (name !== '_id') fields.set(name, node);
  return { kind: 'doc', fields };
}

/**
 * The document after `update`: its new BSON. Throws ImmutableField (66) when `_id` would change. `raw` may be a
 * seed document built from the query when upserting.
 */
export function applyUpdate(raw: Buffer, update: ParsedUpdate, context: UpdateContext): Buffer {
  const document = parseDocument(raw);
  const originalId = document.fields.get('_id');
  let result: DocNode;
  if (update.kind === 'operators') {
    applyOperators(document, update.entries, update.arrayFilters, context);
    result = document;
  } else if (update.kind === 'replacement') {
    result = parseDocument(leafFromValue(update.document).bytes);
    if (!result.fields.has('_id') && originalId !== undefined) result.fields.set('_id', originalId);
  } else {
    result = applyPipeline(raw, update.stages, document);
    // A pipeline whose new root has no `_id` keeps the original one, as in MongoDB.
    if (!result.fields.has('_id') && originalId !== undefined) result.fields.set('_id', originalId);
  }
  const newId = result.fields.get('_id');
  if (originalId !== undefined && (newId === undefined || !sameBytes(originalId, newId))) {
    if (newId === undefined || !valuesEqual(matchableOf(originalId), matchableOf(newId))) {
      fail(ErrorCode.ImmutableField, "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
  }
  return serializeDocument(withIdFirst(result));
}

/** Array update operators applied to one concrete path: $push, $addToSet, $pull, $pullAll, $pop. */
import { compareValues, valuesEqual } from '../bson/compare.ts';
import { isPlainObject, toMatchable, toNumberOption } from '../bson/matchable.ts';
import { ErrorCode, fail } from '../errors.ts';
import { collectPathValues } from '../query/field-paths.ts';
import type { OperatorFunction } from './field-operators.ts';
import { getChild, resolveTarget, setChild } from './navigate.ts';
import {
  type ArrayNode,
  type DocNode,
  leafFromValue,
  matchableOf,
  open,
  type TreeNode,
  typeNameOfNode,
} from './tree.ts';

/** The array at `path` (decoded in place), undefined when missing; `onNonArray` decides what a non-array does. */
function arrayAt(
  document: DocNode,
  path: readonly string[],
  create: boolean,
  onNonArray: (node: TreeNode, key: string) => never,
): { array: ArrayNode | undefined; created: boolean } {
  const target = resolveTarget(document, path, create);
  if (target === undefined) return { array: undefined, created: false };
  const current = getChild(target.parent, target.key);
  if (current === undefined) {
    if (!create) return { array: undefined, created: false };
    const array: ArrayNode = { kind: 'array', items: [] };
    setChild(target.parent, target.key, array);
    return { array, created: true };
  }
  const opened = open(current);
  if (opened.kind !== 'array') onNonArray(opened, target.key);
  if (opened !== current) setChild(target.parent, target.key, opened);
  return { array: opened, created: false };
}

function eachValues(argument: unknown): unknown[] {
  return isPlainObject(argument) && Array.isArray(argument['$each']) ? argument['$each'] : [argument];
}

function sortItems(items: TreeNode[], spec: unknown): void {
  const order = toMatchable(spec);
  const keyed = items.map((node) => ({ node, value: matchableOf(node) }));
  if (isPlainObject(order)) {
    const fields = Object.entries(order);
    keyed.sort((a, b) => {
      for (const [field, direction] of fields) {
        const byField = compareValues(
          collectPathValues(a.value, field)[0] ?? null,
          collectPathValues(b.value, field)[0] ?? null,
        );
        if (byField !== 0) return Number(direction) < 0 ? -byField : byField;
      }
      return 0;
    });
  } else {
    keyed.sort((a, b) => (Number(order) < 0 ? -compareValues(a.value, b.value) : compareValues(a.value, b.value)));
  }
  items.splice(0, items.length, ...keyed.map(({ node }) => node));
}

const pushOperator: OperatorFunction = (document, path, entry, context) => {
  const { array } = arrayAt(document, path, true, (node, key) =>
    fail(
      ErrorCode.BadValue,
      `The field '${key}' must be an array but is of type ${typeNameOfNode(node)} in document ${context.idText}`,
    ),
  );
  if (array === undefined) return;
  const argument = entry.argument;
  const modifiers = isPlainObject(argument) && '$each' in argument ? argument : {};
  for (const name of Object.keys(modifiers)) {
    if (!['$each', '$slice', '$sort', '$position'].includes(name))
      fail(ErrorCode.BadValue, `Unrecognized clause in $push: ${name}`);
  }
  const additions = eachValues(argument).map(leafFromValue);
  const position = toNumberOption(modifiers['$position'], array.items.length);
  const start = position < 0 ? Math.max(0, array.items.length + position) : Math.min(position, array.items.length);
  array.items.splice(start, 0, ...additions);
  if (modifiers['$sort'] !== undefined) sortItems(array.items, modifiers['$sort']);
  if (modifiers['$slice'] !== undefined) {
    const slice = toNumberOption(modifiers['$slice'], array.items.length);
    const kept = slice < 0 ? array.items.slice(Math.max(0, array.items.length + slice)) : array.items.slice(0, slice);
    array.items.splice(0, array.items.length, ...kept);
  }
};

const addToSetOperator: OperatorFunction = (document, path, entry) => {
  const { array } = arrayAt(document, path, true, (node, key) =>
    fail(
      ErrorCode.BadValue,
      `Cannot apply $addToSet to non-array field. Field named '${key}' has non-array type ${typeNameOfNode(node)}`,
    ),
  );
  if (array === undefined) return;
  const present = array.items.map(matchableOf);
  for (const value of eachValues(entry.argument)) {
    const matchable = toMatchable(value);
    if (present.some((existing) => valuesEqual(existing, matchable))) continue;
    present.push(matchable);
    array.items.push(leafFromValue(value));
  }
};

function removeWhere(
  document: DocNode,
  path: readonly string[],
  operator: string,
  shouldRemove: (element: TreeNode) => boolean,
): void {
  const { array } = arrayAt(document, path, false, () =>
    fail(ErrorCode.BadValue, `Cannot apply ${operator} to a non-array value`),
  );
  if (array === undefined) return;
  const kept = array.items.filter((item) => !shouldRemove(item));
  if (kept.length !== array.items.length) array.items.splice(0, array.items.length, ...kept);
}

const pullOperator: OperatorFunction = (document, path, entry) => {
  const matcher = entry.pullMatcher;
  if (matcher !== undefined) removeWhere(document, path, '$pull', matcher);
};

const pullAllOperator: OperatorFunction = (document, path, entry) => {
  const values = (entry.argument as unknown[]).map(toMatchable);
  removeWhere(document, path, '$pullAll', (element) => {
    const matchable = matchableOf(element);
    return values.some((value) => valuesEqual(matchable, value));
  });
};

const popOperator: OperatorFunction = (document, path, entry) => {
  const { array } = arrayAt(document, path, false, (node) =>
    fail(
      ErrorCode.TypeMismatch,
      `Path '${path.join('.')}' contains an element of non-array type '${typeNameOfNode(node)}'`,
    ),
  );
  if (array === undefined || array.items.length === 0) return;
  if (toMatchable(entry.argument) === -1) array.items.shift();
  else array.items.pop();
};

/** Array operators by name. */
export const arrayOperators: Readonly<Record<string, OperatorFunction>> = {
  $push: pushOperator,
  $addToSet: addToSetOperator,
  $pull: pullOperator,
  $pullAll: pullAllOperator,
  $pop: popOperator,
};

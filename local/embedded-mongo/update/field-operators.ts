/** Field update operators applied to one concrete path: $set, $setOnInsert, $unset, $inc, $mul, $min, $max, $currentDate. */
import { Timestamp } from 'bson';
import { compareValues } from '../bson/compare.ts';
import { isPlainObject, toMatchable } from '../bson/matchable.ts';
import { BsonType } from '../bson/raw-reader.ts';
import { ErrorCode, fail } from '../errors.ts';
import { getChild, resolveTarget, setChild } from './navigate.ts';
import { combine, leafOfNumber, numberOfArgument, numberOfNode, zeroLike } from './numbers.ts';
import type { OperatorEntry } from './parse-update.ts';
import { type DocNode, leaf, leafFromValue, matchableOf, typeNameOfNode } from './tree.ts';

/** What operators need besides the document. */
export interface OperatorContext {
  readonly now: Date;
  /** `{_id: ...}` of the document, for error messages. */
  readonly idText: string;
}

/** Applies one operator at one concrete path. */
export type OperatorFunction = (
  document: DocNode,
  path: readonly string[],
  entry: OperatorEntry,
  context: OperatorContext,
) => void;

const setOperator: OperatorFunction = (document, path, entry) => {
  const target = resolveTarget(document, path, true);
  if (target !== undefined) setChild(target.parent, target.key, leafFromValue(entry.argument));
};

const unsetOperator: OperatorFunction = (document, path) => {
  const target = resolveTarget(document, path, false);
  if (target === undefined || getChild(target.parent, target.key) === undefined) return;
  // In an array, $unset leaves a null in place so that other elements keep their positions.
  if (target.parent.kind === 'array') setChild(target.parent, target.key, leaf(BsonType.null, Buffer.alloc(0)));
  else target.parent.fields.delete(target.key);
};

function arithmetic(operation: 'add' | 'multiply'): OperatorFunction {
  const name = operation === 'add' ? '$inc' : '$mul';
  return (document, path, entry, context) => {
    const target = resolveTarget(document, path, true);
    if (target === undefined) return;
    const argument = numberOfArgument(entry.argument);
    const current = getChild(target.parent, target.key);
    if (current === undefined) {
      setChild(target.parent, target.key, leafOfNumber(operation === 'add' ? argument : zeroLike(argument)));
      return;
    }
    const value = numberOfNode(current);
    if (value === undefined) {
      fail(
        ErrorCode.TypeMismatch,
        `Cannot apply ${name} to a value of non-numeric type. ${context.idText} has the field '${target.key}' of non-numeric type ${typeNameOfNode(current)}`,
      );
    }
    const result = combine(value, argument, operation, () => String(value.value));
    setChild(target.parent, target.key, leafOfNumber(result));
  };
}

function extreme(keepSmaller: boolean): OperatorFunction {
  return (document, path, entry) => {
    const target = resolveTarget(document, path, true);
    if (target === undefined) return;
    const current = getChild(target.parent, target.key);
    const order = current === undefined ? 0 : compareValues(toMatchable(entry.argument), matchableOf(current));
    if (current === undefined || (keepSmaller ? order < 0 : order > 0))
      setChild(target.parent, target.key, leafFromValue(entry.argument));
  };
}

const currentDateOperator: OperatorFunction = (document, path, entry, context) => {
  const target = resolveTarget(document, path, true);
  if (target === undefined) return;
  const argument = toMatchable(entry.argument);
  const wantsTimestamp = isPlainObject(argument) && argument['$type'] === 'timestamp';
  const seconds = Math.floor(context.now.getTime() / 1000);
  setChild(
    target.parent,
    target.key,
    leafFromValue(wantsTimestamp ? new Timestamp({ t: seconds, i: 1 }) : context.now),
  );
};

/** Field operators by name. */
export const fieldOperators: Readonly<Record<string, OperatorFunction>> = {
  $set: setOperator,
  $setOnInsert: setOperator,
  $unset: unsetOperator,
  $inc: arithmetic('add'),
  $mul: arithmetic('multiply'),
  $min: extreme(true),
  $max: extreme(false),
  $currentDate: currentDateOperator,
};

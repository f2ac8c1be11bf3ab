/**
 * Validates an update document once per statement, the way MongoDB does before touching any document:
 * operator names, argument shapes, path conflicts (40), array filters (unused: 9, missing: 2), mixed documents (9).
 */
import { Decimal128, Double, Int32, Long } from 'bson';
import { valuesEqual } from '../bson/compare.ts';
import { formatValue } from '../bson/format.ts';
import { isPlainObject, toMatchable } from '../bson/matchable.ts';
import { ErrorCode, fail } from '../errors.ts';
import { compileFilter } from '../query/matcher.ts';
import { conditionDecoder, type ElementTest } from './element-matcher.ts';
import { type ArrayFilter, parseArrayFilters } from './array-filters.ts';
import { matchableOf } from './tree.ts';
import { arrayFilterIdentifier, ConflictDetector, splitUpdatePath } from './update-paths.ts';

type AnyObject = Record<string, unknown>;

/** One `operator: {path: argument}` pair of an update document. */
export interface OperatorEntry {
  readonly operator: string;
  readonly path: string;
  readonly segments: readonly string[];
  /** The argument as sent (typed BSON values). */
  readonly argument: unknown;
  /** `$pull`: the compiled element condition. */
  readonly pullMatcher?: ElementTest;
}

export type ParsedUpdate =
  | {
      readonly kind: 'operators';
      readonly entries: readonly OperatorEntry[];
      readonly arrayFilters: ReadonlyMap<string, ArrayFilter>;
    }
  | { readonly kind: 'replacement'; readonly document: AnyObject }
  | { readonly kind: 'pipeline'; readonly stages: readonly AnyObject[] };

export const updateOperators = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$currentDate',
  '$rename',
  '$setOnInsert',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
]);
const pipelineStages = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

/** True for Int32, Double, Long, Decimal128 and JS numbers. */
export function isNumericArgument(value: unknown): boolean {
  return (
    typeof value === 'number' ||
    value instanceof Int32 ||
    value instanceof Double ||
    value instanceof Long ||
    value instanceof Decimal128
  );
}

function describe(path: string, argument: unknown): string {
  return `{${path}: ${formatValue(toMatchable(argument))}}`;
}

const pathAcceptingOperators = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$type',
  '$not',
  '$regex',
  '$options',
  '$elemMatch',
  '$size',
  '$all',
  '$mod',
]);

/**
 * `$pull`'s element condition, as MongoDB builds it: a document of field conditions (or $or/$and) is a query on
 * document elements; operators like `{$gte: 5}` apply to the element itself; anything else is an equality.
 */
export function pullCondition(argument: unknown): ElementTest {
  const condition = toMatchable(argument);
  if (
    condition instanceof RegExp ||
    (isPlainObject(condition) && pathAcceptingOperators.has(Object.keys(condition)[0] ?? ''))
  ) {
    const wrapped = compileFilter({ element: condition });
    return (element) => wrapped.test({ element: matchableOf(element) });
  }
  if (isPlainObject(condition)) {
    const query = compileFilter(condition);
    const decode = conditionDecoder(condition);
    return (element) => {
      const decoded = decode(element);
      return isPlainObject(decoded) && query.test(decoded);
    };
  }
  return (element) => valuesEqual(matchableOf(element), condition);
}

function validateArgument(operator: string, path: string, argument: unknown): void {
  switch (operator) {
    case '$inc':
    case '$mul':
      if (!isNumericArgument(argument)) {
        fail(
          ErrorCode.TypeMismatch,
          `Cannot ${operator === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: ${describe(path, argument)}`,
        );
      }
      return;
    case '$pop': {
      const value = toMatchable(argument);
      if (value !== 1 && value !== -1)
        fail(ErrorCode.FailedToParse, `$pop expects 1 or -1, found: ${formatValue(value)}`);
      return;
    }
    case '$pullAll':
      if (!Array.isArray(argument))
        fail(ErrorCode.BadValue, `$pullAll requires an array argument but was given a ${typeof argument}`);
      return;
    case '$rename':
      if (typeof argument !== 'string')
        fail(ErrorCode.BadValue, `The 'to' field for $rename must be a string: ${describe(path, argument)}`);
      if (argument === path)
        fail(ErrorCode.BadValue, `The source and target field for $rename must differ: ${describe(path, argument)}`);
      return;
    case '$currentDate': {
      const value = toMatchable(argument);
      const validType = isPlainObject(value) && (value['$type'] === 'date' || value['$type'] === 'timestamp');
      if (typeof value !== 'boolean' && !validType) {
        fail(
          ErrorCode.BadValue,
          `The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}`,
        );
      }
      return;
    }
    case '$push':
    case '$addToSet':
      if (isPlainObject(argument) && '$each' in argument && !Array.isArray(argument['$each'])) {
        fail(
          ErrorCode.BadValue,
          `The argument to $each in ${operator} must be an array but it was of type: ${typeof argument['$each']}`,
        );
      }
      return;
    default:
      return;
  }
}

function parseOperatorUpdate(update: AnyObject, arrayFiltersArgument: unknown): ParsedUpdate {
  const arrayFilters = parseArrayFilters(arrayFiltersArgument);
  const conflicts = new ConflictDetector();
  const entries: OperatorEntry[] = [];
  const usedIdentifiers = new Set<string>();
  for (const [operator, fields] of Object.entries(update)) {
    if (!updateOperators.has(operator)) {
      fail(
        ErrorCode.FailedToParse,
        `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(fields)) {
      fail(
        ErrorCode.FailedToParse,
        `Modifiers operate on fields but we found type ${Array.isArray(fields) ? 'array' : typeof fields} instead. For example: {$mod: {<field>: ...}} not {${operator}: ${formatValue(toMatchable(fields))}}`,
      );
    }
    for (const [path, argument] of Object.entries(fields)) {
      const segments = splitUpdatePath(path);
      for (const segment of segments) {
        const identifier = arrayFilterIdentifier(segment);
        if (identifier === undefined || identifier === '') continue;
        if (!arrayFilters.has(identifier))
          fail(ErrorCode.BadValue, `No array filter found for identifier '${identifier}' in path '${path}'`);
        usedIdentifiers.add(identifier);
      }
      validateArgument(operator, path, argument);
      conflicts.add(segments);
      if (operator === '$rename') conflicts.add(splitUpdatePath(argument as string));
      const entry: OperatorEntry = { operator, path, segments, argument };
      entries.push(operator === '$pull' ? { ...entry, pullMatcher: pullCondition(argument) } : entry);
    }
  }
  for (const identifier of arrayFilters.keys()) {
    if (!usedIdentifiers.has(identifier)) {
      fail(
        ErrorCode.FailedToParse,
        `The array filter for identifier '${identifier}' was not used in the update ${formatValue(toMatchable(update))}`,
      );
    }
  }
  return { kind: 'operators', entries, arrayFilters };
}

function parsePipeline(stages: unknown[]): ParsedUpdate {
  for (const stage of stages) {
    const names = isPlainObject(stage) ? Object.keys(stage) : [];
    if (names.length !== 1 || !pipelineStages.has(names[0] as string)) {
      fail(ErrorCode.FailedToParse, `${names[0] ?? 'A stage'} is not allowed to be used within an update`);
    }
  }
  return { kind: 'pipeline', stages: stages as AnyObject[] };
}

/** Parses the `u` of an update statement (typed values) with its `arrayFilters`. */
export function parseUpdate(update: unknown, arrayFilters: unknown): ParsedUpdate {
  if (Array.isArray(update)) {
    if (arrayFilters !== undefined)
      fail(ErrorCode.FailedToParse, 'arrayFilters may not be specified for pipeline-style updates');
    return parsePipeline(update);
  }
  if (!isPlainObject(update)) fail(ErrorCode.FailedToParse, 'Update argument must be either an object or an array');
  const names = Object.keys(update);
  const operatorNames = names.filter((name) => name.startsWith('$'));
  if (operatorNames.length > 0 && operatorNames.length < names.length) {
    const plain = names.find((name) => !name.startsWith('$')) as string;
    if (names[0]?.startsWith('$')) {
      fail(
        ErrorCode.FailedToParse,
        `Unknown modifier: ${plain}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    fail(
      ErrorCode.FailedToParse,
      `Update document mixes replacement fields and update operators: '${plain}' and '${operatorNames[0] as string}'. Use only operators, or only fields`,
    );
  }
  if (operatorNames.length > 0) return parseOperatorUpdate(update, arrayFilters);
  if (arrayFilters !== undefined && Array.isArray(arrayFilters) && arrayFilters.length > 0) {
    fail(ErrorCode.FailedToParse, 'arrayFilters may not be specified for replacement-style updates');
  }
  return { kind: 'replacement', document: update };
}

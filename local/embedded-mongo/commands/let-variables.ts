/**
 * The `let` option of find, aggregate, update, delete and findAndModify: variables usable as `$$name` in
 * aggregation expressions (`$expr` in filters, pipeline stages, pipeline updates). Each variable is evaluated once,
 * then every reference is replaced by `{$literal: value}` before the query runs, so the compiled stages, mingo and
 * the storage-level `$match` all see plain constants. Query parts of filters are left alone: there `"$$x"` is a
 * string, as in MongoDB. `$let`, `$map`, `$filter` and `$reduce` that rebind a name shadow it in their scope.
 */
import { Aggregator } from 'mingo/aggregator';
import { isPlainObject, toMatchable } from '../bson/matchable.ts';
import { ErrorCode, fail, toCommandError } from '../errors.ts';
import { mingoOptions } from '../query/mingo-context.ts';

type AnyObject = Record<string, unknown>;

/** Variables by name (matchable values). */
export type LetVariables = ReadonlyMap<string, unknown>;

const variableName = /^[a-z\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*$/;

/** Evaluates a command's `let` document; undefined when absent. */
export function parseLet(option: unknown): LetVariables | undefined {
  if (option === undefined || option === null) return undefined;
  if (!isPlainObject(option))
    fail(ErrorCode.TypeMismatch, "BSON field 'let' is the wrong type, expected type 'object'");
  const variables = new Map<string, unknown>();
  for (const [name, expression] of Object.entries(toMatchable(option) as AnyObject)) {
    if (!variableName.test(name))
      fail(ErrorCode.FailedToParse, `'${name}' starts with an invalid character for a user variable name`);
    try {
      // Evaluated once, against no document (as MongoDB does): `$$NOW`, arithmetic and literals work.
      const [evaluated] = new Aggregator([{ $addFields: { value: expression } }], mingoOptions).run<AnyObject>([{}]);
      variables.set(name, evaluated?.['value']);
    } catch (error) {
      throw toCommandError(error);
    }
  }
  return variables;
}

function resolve(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (Array.isArray(current))
      return current.map((element) => resolve(element, [segment])).filter((v) => v !== undefined);
    if (!isPlainObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

function without(variables: LetVariables, names: readonly unknown[]): LetVariables {
  const remaining = new Map(variables);
  for (const name of names) if (typeof name === 'string') remaining.delete(name);
  return remaining;
}

/** Replaces `$$name` references in an aggregation expression. */
export function substituteExpression(expression: unknown, variables: LetVariables): unknown {
  if (variables.size === 0) return expression;
  if (typeof expression === 'string') {
    if (!expression.startsWith('$$')) return expression;
    const [name, ...path] = expression.slice(2).split('.') as [string, ...string[]];
    return variables.has(name) ? { $literal: resolve(variables.get(name), path) } : expression;
  }
  if (Array.isArray(expression)) return expression.map((item) => substituteExpression(item, variables));
  if (!isPlainObject(expression)) return expression;
  const result: AnyObject = {};
  for (const [key, argument] of Object.entries(expression)) {
    if (key === '$literal') result[key] = argument;
    else if (key === '$let' && isPlainObject(argument)) {
      const bound = isPlainObject(argument['vars']) ? argument['vars'] : {};
      result[key] = {
        vars: substituteExpression(bound, variables),
        in: substituteExpression(argument['in'], without(variables, Object.keys(bound))),
      };
    } else if ((key === '$map' || key === '$filter') && isPlainObject(argument)) {
      const inner = without(variables, [argument['as'] ?? 'this']);
      result[key] = Object.fromEntries(
        Object.entries(argument).map(([field, value]) => [
          field,
          field === 'in' || field === 'cond'
            ? substituteExpression(value, inner)
            : substituteExpression(value, variables),
        ]),
      );
    } else if (key === '$reduce' && isPlainObject(argument)) {
      const inner = without(variables, ['value', 'this']);
      result[key] = Object.fromEntries(
        Object.entries(argument).map(([field, value]) => [
          field,
          substituteExpression(value, field === 'in' ? inner : variables),
        ]),
      );
    } else result[key] = substituteExpression(argument, variables);
  }
  return result;
}

/** Replaces references inside the `$expr` parts of a query filter (top level and inside `$and`/`$or`/`$nor`). */
export function substituteFilter(filter: AnyObject, variables: LetVariables): AnyObject {
  if (variables.size === 0) return filter;
  const result: AnyObject = {};
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$expr') result[key] = substituteExpression(condition, variables);
    else if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(condition))
      result[key] = condition.map((clause) => (isPlainObject(clause) ? substituteFilter(clause, variables) : clause));
    else result[key] = condition;
  }
  return result;
}

/** Replaces references in pipeline stages; `$match` only in its `$expr` parts, sub-pipelines recursively. */
export function substitutePipeline(stages: readonly AnyObject[], variables: LetVariables): AnyObject[] {
  if (variables.size === 0) return [...stages];
  return stages.map((stage) => {
    const [name] = Object.keys(stage) as [string];
    const argument = stage[name];
    if (name === '$match' && isPlainObject(argument)) return { $match: substituteFilter(argument, variables) };
    if (name === '$lookup' && isPlainObject(argument)) {
      const inner = isPlainObject(argument['let']) ? without(variables, Object.keys(argument['let'])) : variables;
      return {
        $lookup: {
          ...argument,
          ...(argument['let'] === undefined ? {} : { let: substituteExpression(argument['let'], variables) }),
          ...(Array.isArray(argument['pipeline'])
            ? { pipeline: substitutePipeline(argument['pipeline'] as AnyObject[], inner) }
            : {}),
        },
      };
    }
    if (name === '$facet' && isPlainObject(argument)) {
      return {
        $facet: Object.fromEntries(
          Object.entries(argument).map(([facet, pipeline]) => [
            facet,
            Array.isArray(pipeline) ? substitutePipeline(pipeline as AnyObject[], variables) : pipeline,
          ]),
        ),
      };
    }
    if (name === '$unionWith' && isPlainObject(argument) && Array.isArray(argument['pipeline'])) {
      return {
        $unionWith: { ...argument, pipeline: substitutePipeline(argument['pipeline'] as AnyObject[], variables) },
      };
    }
    return { [name]: substituteExpression(argument, variables) };
  });
}

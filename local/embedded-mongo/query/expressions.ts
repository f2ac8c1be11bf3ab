/**
 * A compiler for the aggregation expressions the project's pipelines use ($cond, $type, $size, $filter, $map, $let,
 * comparisons, booleans, $add, $bsonSize...), turning each expression into a closure once per pipeline. mingo
 * interprets expressions on every document, about ten times slower; it remains the fallback: any operator not
 * listed here makes `compileExpression` throw UnsupportedExpression, and the whole stage goes to mingo.
 */
import { BSON } from 'bson';
import { compareValues } from '../bson/compare.ts';
import { isPlainObject } from '../bson/matchable.ts';
import { storedSizeOf } from '../bson/promote.ts';
import { ErrorCode, fail } from '../errors.ts';
import { constantInSet } from './constant-in-set.ts';
import { exactExpressionType } from './exact-types.ts';
import { fastPathsEnabled } from './fast-paths.ts';
import { typeNameOf } from './type-names.ts';

type AnyObject = Record<string, unknown>;

/** Variables visible to an expression: `ROOT`, `CURRENT` and those bound by $let/$map/$filter. */
export type Variables = Readonly<Record<string, unknown>>;

export type CompiledExpression = (variables: Variables) => unknown;

export class UnsupportedExpression extends Error {}

/** MongoDB's truthiness in expressions: false, null, missing and 0 are false; everything else ("" too) is true. */
function truthy(value: unknown): boolean {
  return value !== false && value !== null && value !== undefined && value !== 0;
}

/** Comparison where missing sorts before null, as in aggregation expressions. */
function compareExpressionValues(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareValues(a, b);
}

/** A field path through documents and arrays ("$a.b" on an array of documents yields the array of their b). */
function resolvePath(value: unknown, segments: readonly string[], index: number): unknown {
  if (index === segments.length) return value;
  if (Array.isArray(value)) {
    const values: unknown[] = [];
    for (const element of value) {
      const resolved = resolvePath(element, segments, index);
      if (resolved !== undefined) values.push(resolved);
    }
    return values;
  }
  if (!isPlainObject(value)) return undefined;
  const segment = segments[index] as string;
  return Object.prototype.hasOwnProperty.call(value, segment)
    ? resolvePath(value[segment], segments, index + 1)
    : undefined;
}

function compileFieldPath(path: string): CompiledExpression {
  const isVariable = path.startsWith('$$');
  const [head, ...rest] = (isVariable ? path.slice(2) : `CURRENT.${path.slice(1)}`).split('.') as [string, ...string[]];
  if (head === 'REMOVE') return () => undefined;
  if (head === 'NOW') return () => new Date();
  return (variables) => {
    if (!Object.prototype.hasOwnProperty.call(variables, head) && !(head in variables)) {
      fail(17276, `Use of undefined variable: ${head}`);
    }
    return resolvePath(variables[head], rest, 0);
  };
}

function argumentList(argument: unknown, name: string, count?: number): unknown[] {
  const list = Array.isArray(argument) ? argument : [argument];
  if (count !== undefined && list.length !== count) {
    fail(16020, `Expression ${name} takes exactly ${String(count)} arguments. ${String(list.length)} were passed in.`);
  }
  return list;
}

type OperatorCompiler = (argument: unknown, name: string) => CompiledExpression;

function compileList(argument: unknown, name: string, count?: number): CompiledExpression[] {
  return argumentList(argument, name, count).map(compileExpression);
}

function comparison(test: (order: number) => boolean): OperatorCompiler {
  return (argument, name) => {
    const [left, right] = compileList(argument, name, 2) as [CompiledExpression, CompiledExpression];
    return (variables) => test(compareExpressionValues(left(variables), right(variables)));
  };
}

function objectArgument(argument: unknown, name: string, fields: readonly string[]): AnyObject {
  if (!isPlainObject(argument)) fail(ErrorCode.FailedToParse, `${name} only supports an object as its argument`);
  for (const key of Object.keys(argument)) if (!fields.includes(key)) throw new UnsupportedExpression(`${name}.${key}`);
  return argument;
}

function arrayInput(value: unknown, name: string): unknown[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) fail(ErrorCode.BadValue, `input to ${name} must be an array not ${typeNameOf(value)}`);
  return value;
}

/** The array argument of `$anyElementTrue`/`$allElementsTrue`; anything else is MongoDB's error 5159200. */
function elementsOfSetExpression(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) fail(5159200, `${name}'s argument must be an array, but is ${typeNameOf(value)}`);
  return value;
}

function withVariable(variables: Variables, name: string, value: unknown): Variables {
  const scope = Object.create(variables) as Record<string, unknown>;
  scope[name] = value;
  return scope;
}

const operators: Readonly<Record<string, OperatorCompiler>> = {
  $literal: (argument) => () => argument,
  $type: (argument, name) => {
    const [value] = compileList(argument, name, 1) as [CompiledExpression];
    const path = argumentList(argument, name, 1)[0];
    if (typeof path !== 'string' || !path.startsWith('$')) return (variables) => typeNameOf(value(variables));
    // A field path reports the stored type of what it reads (a Long is "long", an integral Double "double").
    const [head, ...rest] = (path.startsWith('$$') ? path.slice(2) : `CURRENT.${path.slice(1)}`).split('.');
    return (variables) => exactExpressionType(variables[head as string], rest, value(variables));
  },
  $isArray: (argument, name) => {
    const [value] = compileList(argument, name, 1) as [CompiledExpression];
    return (variables) => Array.isArray(value(variables));
  },
  $size: (argument, name) => {
    const [value] = compileList(argument, name, 1) as [CompiledExpression];
    return (variables) => {
      const array = value(variables);
      if (!Array.isArray(array))
        fail(
          ErrorCode.Location17124,
          `The argument to $size must be an array. Type of the argument was: ${typeNameOf(array)}`,
        );
      return array.length;
    };
  },
  $bsonSize: (argument, name) => {
    const [value] = compileList(argument, name, 1) as [CompiledExpression];
    return (variables) => {
      const document = value(variables);
      if (document === null || document === undefined) return null;
      if (!isPlainObject(document)) fail(31393, `$bsonSize requires a document input, found: ${typeNameOf(document)}`);
      return storedSizeOf(document) ?? BSON.calculateObjectSize(document);
    };
  },
  $eq: comparison((order) => order === 0),
  $ne: comparison((order) => order !== 0),
  $gt: comparison((order) => order > 0),
  $gte: comparison((order) => order >= 0),
  $lt: comparison((order) => order < 0),
  $lte: comparison((order) => order <= 0),
  $and: (argument, name) => {
    const clauses = compileList(argument, name);
    return (variables) => clauses.every((clause) => truthy(clause(variables)));
  },
  $or: (argument, name) => {
    const clauses = compileList(argument, name);
    return (variables) => clauses.some((clause) => truthy(clause(variables)));
  },
  $not: (argument, name) => {
    const [value] = compileList(argument, name, 1) as [CompiledExpression];
    return (variables) => !truthy(value(variables));
  },
  $in: (argument, name) => {
    const [needle, haystack] = compileList(argument, name, 2) as [CompiledExpression, CompiledExpression];
    const constant = fastPathsEnabled() ? constantInSet(argumentList(argument, name, 2)[1]) : undefined;
    if (constant !== undefined) return (variables) => constant.has(needle(variables));
    return (variables) => {
      const values = haystack(variables);
      if (!Array.isArray(values))
        fail(40081, `$in requires an array as a second argument, found: ${typeNameOf(values)}`);
      const value = needle(variables);
      return values.some((candidate) => compareExpressionValues(value, candidate) === 0);
    };
  },
  $anyElementTrue: (argument, name) => {
    const [value] = compileList(argument, name, 1) as [CompiledExpression];
    return (variables) => elementsOfSetExpression(value(variables), name).some(truthy);
  },
  $allElementsTrue: (argument, name) => {
    const [value] = compileList(argument, name, 1) as [CompiledExpression];
    return (variables) => elementsOfSetExpression(value(variables), name).every(truthy);
  },
  $cond: (argument, name) => {
    const parts = Array.isArray(argument)
      ? argument
      : isPlainObject(argument)
        ? [argument['if'], argument['then'], argument['else']]
        : [];
    const [condition, then, otherwise] = compileList(parts, name, 3) as [
      CompiledExpression,
      CompiledExpression,
      CompiledExpression,
    ];
    return (variables) => (truthy(condition(variables)) ? then(variables) : otherwise(variables));
  },
  $ifNull: (argument, name) => {
    const values = compileList(argument, name);
    return (variables) => {
      for (const value of values) {
        const result = value(variables);
        if (result !== null && result !== undefined) return result;
      }
      return null;
    };
  },
  $add: (argument, name) => {
    const values = compileList(argument, name);
    return (variables) => {
      let sum = 0;
      let date = false;
      for (const value of values) {
        const result = value(variables);
        if (result === null || result === undefined) return null;
        if (result instanceof Date) date = true;
        else if (typeof result !== 'number')
          fail(16554, `$add only supports numeric or date types, not ${typeNameOf(result)}`);
        sum += Number(result);
      }
      return date ? new Date(sum) : sum;
    };
  },
  $let: (argument, name) => {
    const spec = objectArgument(argument, name, ['vars', 'in']);
    if (!isPlainObject(spec['vars'])) fail(ErrorCode.FailedToParse, 'invalid parameter: expected an object (vars)');
    const bindings = Object.entries(spec['vars']).map(
      ([variable, expression]) => [variable, compileExpression(expression)] as const,
    );
    const body = compileExpression(spec['in']);
    return (variables) => {
      let scope = variables;
      for (const [variable, expression] of bindings) scope = withVariable(scope, variable, expression(variables));
      return body(scope);
    };
  },
  $map: (argument, name) => {
    const spec = objectArgument(argument, name, ['input', 'as', 'in']);
    const input = compileExpression(spec['input']);
    const as = typeof spec['as'] === 'string' ? spec['as'] : 'this';
    const body = compileExpression(spec['in']);
    return (variables) =>
      arrayInput(input(variables), name)?.map((element) => body(withVariable(variables, as, element))) ?? null;
  },
  $filter: (argument, name) => {
    const spec = objectArgument(argument, name, ['input', 'as', 'cond']);
    const input = compileExpression(spec['input']);
    const as = typeof spec['as'] === 'string' ? spec['as'] : 'this';
    const condition = compileExpression(spec['cond']);
    return (variables) =>
      arrayInput(input(variables), name)?.filter((element) =>
        truthy(condition(withVariable(variables, as, element))),
      ) ?? null;
  },
};

/** Compiles one expression; throws UnsupportedExpression for operators this compiler does not know. */
export function compileExpression(expression: unknown): CompiledExpression {
  if (typeof expression === 'string') {
    if (expression.startsWith('$')) return compileFieldPath(expression);
    return () => expression;
  }
  if (Array.isArray(expression)) {
    const items = expression.map(compileExpression);
    return (variables) => items.map((item) => item(variables));
  }
  if (!isPlainObject(expression)) return () => expression;
  const keys = Object.keys(expression);
  const first = keys[0];
  if (first?.startsWith('$')) {
    if (keys.length !== 1)
      fail(15983, `An object representing an expression must have exactly one field: ${keys.join(', ')}`);
    const operator = operators[first];
    if (operator === undefined) throw new UnsupportedExpression(first);
    return operator(expression[first], first);
  }
  return compileObjectExpression(expression);
}

/** `{a: <expr>, b: <expr>}`: a new document, fields whose value is missing left out. */
export function compileObjectExpression(expression: AnyObject): CompiledExpression {
  const fields = Object.entries(expression).map(([field, value]) => {
    if (field.includes('.')) throw new UnsupportedExpression(`dotted field ${field}`);
    return [field, compileExpression(value)] as const;
  });
  return (variables) => {
    const result: AnyObject = {};
    for (const [field, value] of fields) {
      const computed = value(variables);
      if (computed !== undefined) result[field] = computed;
    }
    return result;
  };
}

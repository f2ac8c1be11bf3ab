/**
 * A compiler for the aggregation expressions the project's pipelines use ($cond, $type, $size, $filter, $map, $let,
 * comparisons, booleans, $add, $bsonSize...), turning each expression into a closure once per pipeline. mingo
 * interprets expressions on every document, about ten times slower; it remains the fallback: any operator not
 * listed here makes `compileExpression` throw UnsupportedExpression, and the whole stage goes to mingo.
 *
 * Variables may hold stored values (stored-values.ts: a document or array still in its stored bytes, bound when a
 * stage reads a stored document). Field paths, `$let`, `$cond`, `$ifNull` and `$filter` pass them on undecoded;
 * `$type`, `$size`, `$isArray`, `$bsonSize`, `$map` and `$filter` answer from the bytes; every other operator, and
 * every result that leaves the compiler (`compileExpression`), sees the decoded value.
 */
import { BSON } from 'bson';
import { BsonType } from '../bson/raw-reader.ts';
import { compareValues } from '../bson/compare.ts';
import { isPlainObject } from '../bson/matchable.ts';
import { storedSizeOf } from '../bson/promote.ts';
import { ErrorCode, fail } from '../errors.ts';
import { constantInSet } from './constant-in-set.ts';
import { storedArrayLength, storedArrayElements, storedTypeName } from './stored-expressions.ts';
import {
  decoded,
  DeferredList,
  DeferredValue,
  StoredValue,
  storedPath,
  storedPathValue,
  walkStoredPath,
} from './stored-values.ts';
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

/** The variable a field path starts from and the field names after it ("$a.b" is CURRENT, [a, b]). */
function splitFieldPath(path: string): [string, ...string[]] {
  const isVariable = path.startsWith('$$');
  return (isVariable ? path.slice(2) : `CURRENT.${path.slice(1)}`).split('.') as [string, ...string[]];
}

function readVariable(variables: Variables, name: string): unknown {
  const value = variables[name];
  if (value === undefined && !(name in variables)) fail(17276, `Use of undefined variable: ${name}`);
  return value;
}

/** A field path's value; documents and arrays read from a stored value stay deferred. */
function compileFieldPath(path: string): CompiledExpression {
  const [head, ...rest] = splitFieldPath(path);
  if (head === 'REMOVE') return () => undefined;
  if (head === 'NOW') return () => new Date();
  const restPath = storedPath(rest);
  return (variables) => {
    const base = readVariable(variables, head);
    if (rest.length === 0) return base;
    if (base instanceof StoredValue) {
      const walked = walkStoredPath(base, restPath);
      if (walked.kind === 'missing') return undefined;
      if (walked.kind === 'element') return storedPathValue(walked);
    }
    return resolvePath(decoded(base), rest, 0);
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

/** MongoDB's codes for a `$map` or `$filter` input that is not an array. */
const notAnArrayCodes: Readonly<Record<string, number>> = { $map: 16883, $filter: 28651 };

function arrayInput(value: unknown, name: string): unknown[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value))
    fail(notAnArrayCodes[name] ?? ErrorCode.BadValue, `input to ${name} must be an array not ${typeNameOf(value)}`);
  return value;
}

/** The elements of an array value, stored ones deferred; other values unchanged (for `arrayInput`'s checks). */
function elementsOf(value: unknown): unknown {
  if (value instanceof DeferredList) return value.items;
  if (value instanceof StoredValue) return storedArrayElements(value) ?? value.decode();
  return value;
}

/** The array argument of `$anyElementTrue`/`$allElementsTrue`; anything else is MongoDB's error 5159200. */
function elementsOfSetExpression(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) fail(5159200, `${name}'s argument must be an array, but is ${typeNameOf(value)}`);
  return value;
}

/**
 * A flat copy of `variables` to bind more in. Flat, not a prototype chain: a lookup then costs one property read
 * however deeply `$let`, `$map` and `$filter` nest, and creating it does not make V8 set up a new prototype.
 */
function childScope(variables: Variables): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  for (const name in variables) scope[name] = variables[name];
  return scope;
}

const operators: Readonly<Record<string, OperatorCompiler>> = {
  $literal: (argument) => () => argument,
  $type: (argument, name) => {
    const [value] = compileList(argument, name, 1) as [CompiledExpression];
    const path = argumentList(argument, name, 1)[0];
    if (typeof path !== 'string' || !path.startsWith('$') || path.startsWith('$$REMOVE') || path.startsWith('$$NOW'))
      return (variables) => typeNameOf(value(variables));
    // A field path reports the stored type of what it reads (a Long is "long", an integral Double "double").
    const [head, ...rest] = splitFieldPath(path);
    const storedRest = storedPath(rest);
    return (variables) => {
      const container = variables[head];
      if (rest.length === 0 && container instanceof DeferredValue)
        return storedArrayLength(container) === undefined ? 'object' : 'array';
      if (container instanceof StoredValue) {
        const walked = walkStoredPath(container, storedRest);
        if (walked.kind === 'missing') return 'missing';
        if (walked.kind === 'element') return storedTypeName(walked.buffer, walked.element, rest.length > 0);
      }
      return exactExpressionType(decoded(container), rest, value(variables));
    };
  },
  $isArray: (argument, name) => {
    const [value] = argumentList(argument, name, 1).map(compileValue) as [CompiledExpression];
    return (variables) => {
      const array = value(variables);
      if (array instanceof DeferredValue) return storedArrayLength(array) !== undefined;
      return Array.isArray(array);
    };
  },
  $size: (argument, name) => {
    const [value] = argumentList(argument, name, 1).map(compileValue) as [CompiledExpression];
    return (variables) => {
      const deferred = value(variables);
      const length = deferred instanceof DeferredValue ? storedArrayLength(deferred) : undefined;
      if (length !== undefined) return length;
      const array = decoded(deferred);
      if (!Array.isArray(array))
        fail(
          ErrorCode.Location17124,
          `The argument to $size must be an array. Type of the argument was: ${typeNameOf(array)}`,
        );
      return array.length;
    };
  },
  $bsonSize: (argument, name) => {
    const [value] = argumentList(argument, name, 1).map(compileValue) as [CompiledExpression];
    return (variables) => {
      const deferred = value(variables);
      if (deferred instanceof StoredValue && deferred.type === BsonType.document) return deferred.size;
      const document = decoded(deferred);
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
    const [ifPart, thenPart, elsePart] = argumentList(parts, name, 3);
    // Each part compiled once: pipelines nest `$cond` deeply (a binary search over 1,000 lead ids).
    const condition = compileExpression(ifPart);
    const then = compileValue(thenPart);
    const otherwise = compileValue(elsePart);
    return (variables) => (truthy(condition(variables)) ? then(variables) : otherwise(variables));
  },
  $ifNull: (argument, name) => {
    const values = argumentList(argument, name).map(compileValue);
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
      ([variable, expression]) => [variable, compileValue(expression)] as const,
    );
    const body = compileValue(spec['in']);
    return (variables) => {
      const scope = childScope(variables);
      for (const [variable, expression] of bindings) scope[variable] = expression(variables);
      return body(scope);
    };
  },
  $map: (argument, name) => {
    const spec = objectArgument(argument, name, ['input', 'as', 'in']);
    const input = compileValue(spec['input']);
    const as = typeof spec['as'] === 'string' ? spec['as'] : 'this';
    const body = compileExpression(spec['in']);
    return (variables) => {
      const elements = arrayInput(elementsOf(input(variables)), name);
      if (elements === null) return null;
      // One scope for every element: `in` is evaluated before the next element is bound, and nothing keeps it.
      const scope = childScope(variables);
      // A missing result is null in the array, as in MongoDB (an array cannot hold "missing").
      return elements.map((element) => {
        scope[as] = element;
        return body(scope) ?? null;
      });
    };
  },
  $filter: (argument, name) => {
    const spec = objectArgument(argument, name, ['input', 'as', 'cond']);
    const input = compileValue(spec['input']);
    const as = typeof spec['as'] === 'string' ? spec['as'] : 'this';
    const condition = compileExpression(spec['cond']);
    return (variables) => {
      const array = input(variables);
      const elements = arrayInput(elementsOf(array), name);
      if (elements === null) return null;
      const scope = childScope(variables);
      const kept = elements.filter((element) => {
        scope[as] = element;
        return truthy(condition(scope));
      });
      // Elements of a stored array stay undecoded: `$size` of the result then decodes nothing.
      return array instanceof DeferredValue ? new DeferredList(kept) : kept;
    };
  },
};

/** Operators whose result may be a deferred value (they pass a value on, or `$filter` keeps stored elements). */
const deferringOperators = new Set(['$let', '$cond', '$ifNull', '$filter']);

function mayDefer(expression: unknown): boolean {
  if (typeof expression === 'string') return expression.startsWith('$');
  if (!isPlainObject(expression)) return false;
  const [first] = Object.keys(expression);
  return first !== undefined && deferringOperators.has(first);
}

/** Compiles one expression; throws UnsupportedExpression for operators this compiler does not know. */
export function compileExpression(expression: unknown): CompiledExpression {
  const compiled = compileValue(expression);
  return mayDefer(expression) ? (variables) => decoded(compiled(variables)) : compiled;
}

/** Compiles one expression whose result may stay deferred (stored-values.ts); for operators that accept that. */
function compileValue(expression: unknown): CompiledExpression {
  if (typeof expression === 'string') {
    if (expression.startsWith('$')) return compileFieldPath(expression);
    return () => expression;
  }
  if (Array.isArray(expression)) {
    const items = expression.map(compileExpression);
    return (variables) => items.map((item) => item(variables) ?? null);
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

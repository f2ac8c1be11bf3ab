/**
 * The mingo operator set the server evaluates queries and pipelines with: mingo's own operators, with the ones it
 * gets wrong or lacks replaced so results and errors match MongoDB ($type, $size, $bsonSize, $toObjectId, $out,
 * $elemMatch) or run faster ($in, $nin).
 */
import { BSON, ObjectId } from 'bson';
import { Context, evalExpr } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import type { Options } from 'mingo/types';
import { storedSizeOf } from '../bson/promote.ts';
import { ErrorCode, fail } from '../errors.ts';
import { collectPathValues } from './field-paths.ts';
import { exactExpressionType, exactPathTypes, needsStoredType } from './exact-types.ts';
import { queryOperatorOverrides } from './query-operators.ts';
import { aliasMatchesTypeArgument, matchesTypeArgument, typeNameOf } from './type-names.ts';

type AnyObject = Record<string, unknown>;

/**
 * Query `$type` with MongoDB semantics: arrays match "array" or by any element; BSON aliases and numbers. Types
 * come from the stored bytes when the document has them (an integral Double is "double", a Long "long").
 */
function typeQuery(selector: string, value: unknown): (document: AnyObject) => boolean {
  const wanted = Array.isArray(value) ? value : [value];
  const matches = (candidate: unknown): boolean => wanted.some((argument) => matchesTypeArgument(candidate, argument));
  const aliasMatches = (alias: string): boolean => wanted.some((argument) => aliasMatchesTypeArgument(alias, argument));
  const byValue = (document: AnyObject): boolean =>
    collectPathValues(document, selector).some(
      (candidate) => matches(candidate) || (Array.isArray(candidate) && candidate.some(matches)),
    );
  // Only specific numeric types need the stored bytes; "string", "array", "number"... are exact by value.
  if (!needsStoredType(wanted)) return byValue;
  return (document) => {
    const exact = exactPathTypes(document, selector);
    if (exact === undefined) return byValue(document);
    return exact.some((typed) => aliasMatches(typed.alias) || (typed.elementAliases ?? []).some(aliasMatches));
  };
}

/** `$size` in expressions: MongoDB refuses anything but an array (missing and null included) with code 17124. */
function sizeExpression(document: AnyObject, expression: unknown, options: Options): number {
  const value = evalExpr(document, expression, options);
  if (!Array.isArray(value)) {
    fail(
      ErrorCode.Location17124,
      `The argument to $size must be an array. Type of the argument was: ${typeNameOf(value)}`,
    );
  }
  return value.length;
}

/** `$bsonSize`: the stored size of a document that comes from storage unchanged, else its encoded size. */
function bsonSizeExpression(document: AnyObject, expression: unknown, options: Options): number | null {
  const value = evalExpr(document, expression, options);
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value) || typeNameOf(value) !== 'object') {
    fail(31393, `$bsonSize requires a document input, found: ${typeNameOf(value)}`);
  }
  return storedSizeOf(value) ?? BSON.calculateObjectSize(value as AnyObject);
}

/** `$toObjectId`: a 24-hex-digit string or an ObjectId; null and missing give null. */
function toObjectIdExpression(document: AnyObject, expression: unknown, options: Options): ObjectId | null {
  const value = evalExpr(document, expression, options);
  if (value === null || value === undefined) return null;
  if (value instanceof ObjectId) return value;
  if (typeof value === 'string' && /^[0-9a-fA-F]{24}$/.test(value)) return new ObjectId(value);
  return fail(241, `Failed to parse objectId '${String(value)}' in $convert with no onError value`);
}

/** `$type` in expressions: a plain field path (`"$a.b"`) reports the stored type of the value it reads. */
function typeExpression(document: AnyObject, expression: unknown, options: Options): string {
  const value = evalExpr(document, expression, options);
  const path = Array.isArray(expression) && expression.length === 1 ? expression[0] : expression;
  if (typeof path !== 'string' || !path.startsWith('$') || path.startsWith('$$')) return typeNameOf(value);
  return exactExpressionType(document, path.slice(1).split('.'), value);
}

/** NotImplemented (238), not IllegalOperation (20): driver 7 rewrites code 20 on writes into a retryable-writes message. */
function unsupportedStage(name: string) {
  return (): never =>
    fail(
      ErrorCode.NotImplemented,
      `${name} is not supported by the embedded MongoDB-compatible server; read the results and write them instead`,
    );
}

/** The operator context every Query and Aggregator of the server uses. */
export const mingoContext: Context = Context.init({
  accumulator: { ...accumulatorOperators },
  expression: {
    ...expressionOperators,
    $size: sizeExpression,
    $bsonSize: bsonSizeExpression,
    $toObjectId: toObjectIdExpression,
    $type: typeExpression,
  },
  pipeline: { ...pipelineOperators, $out: unsupportedStage('$out'), $merge: unsupportedStage('$merge') },
  projection: { ...projectionOperators },
  query: { ...queryOperators, ...queryOperatorOverrides, $type: typeQuery },
  window: { ...windowOperators },
} as unknown as Parameters<typeof Context.init>[0]);

/** Options for mingo: our context, MongoDB-strict behaviour, errors thrown instead of swallowed. */
export const mingoOptions: Partial<Options> = { context: mingoContext, useStrictMode: true, failOnError: true };

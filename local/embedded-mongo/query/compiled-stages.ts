/**
 * Per-document pipeline stages compiled once into closures ($project, $addFields/$set, $unset, $match), using the
 * expression compiler. Stages it cannot compile (and every stage after them) are left to mingo.
 */
import { isPlainObject } from '../bson/matchable.ts';
import { compileExpression, type CompiledExpression, UnsupportedExpression } from './expressions.ts';
import { BsonType } from '../bson/raw-reader.ts';
import { compileFilter } from './matcher.ts';
import { StoredValue } from './stored-values.ts';

type AnyObject = Record<string, unknown>;

/**
 * Transforms one document; undefined drops it. `stored`: the bytes `document` was decoded from, unchanged; given,
 * expressions read `$$ROOT`/`$$CURRENT` from those bytes and decode only what they need (stored-values.ts).
 */
export type DocumentTransform = (document: AnyObject, stored?: Buffer) => AnyObject | undefined;

/** A plain data property: safe for a stored key named "__proto__". */
const dataProperty = (value: unknown): PropertyDescriptor => ({
  value,
  enumerable: true,
  writable: true,
  configurable: true,
});

const isInclusionFlag = (value: unknown): boolean => value === true || (typeof value === 'number' && value !== 0);
const isExclusionFlag = (value: unknown): boolean => value === false || value === 0;

function variablesFor(document: AnyObject, stored: Buffer | undefined): Record<string, unknown> {
  const root = stored === undefined ? document : new StoredValue(stored, BsonType.document, 0);
  return { ROOT: root, CURRENT: root };
}

function compileFields(spec: AnyObject): [string, CompiledExpression][] {
  return Object.entries(spec).map(([field, expression]) => {
    if (field.includes('.') || field.startsWith('$')) throw new UnsupportedExpression(`field ${field}`);
    if (isPlainObject(expression) && !Object.keys(expression)[0]?.startsWith('$'))
      throw new UnsupportedExpression(`nested ${field}`);
    return [field, compileExpression(expression)];
  });
}

/**
 * A compiled stage, and when it reads only some top-level fields of its input's decoded copy (given the stored
 * bytes for everything its expressions read), their names: the caller may then decode just those.
 */
interface CompiledStage {
  readonly transform: DocumentTransform;
  readonly decodedFieldsRead?: ReadonlySet<string>;
}

function compileProject(spec: AnyObject): CompiledStage {
  const included = new Set<string>();
  const excluded = new Set<string>();
  const computed: AnyObject = {};
  let keepId = true;
  for (const [field, value] of Object.entries(spec)) {
    if (field === '_id' && (isExclusionFlag(value) || isInclusionFlag(value))) keepId = isInclusionFlag(value);
    else if (isInclusionFlag(value)) included.add(field);
    else if (isExclusionFlag(value)) excluded.add(field);
    else computed[field] = value;
  }
  const computedFields = compileFields(computed);
  if (excluded.size > 0) {
    if (included.size > 0 || computedFields.length > 0) throw new UnsupportedExpression('mixed projection');
    if (!keepId) excluded.add('_id');
    return {
      transform: (document) => Object.fromEntries(Object.entries(document).filter(([field]) => !excluded.has(field))),
    };
  }
  for (const field of included) if (field.includes('.')) throw new UnsupportedExpression(`dotted ${field}`);
  // MongoDB: included fields in the input document's order (with _id), then computed fields in the spec's order.
  const transform: DocumentTransform = (document, stored) => {
    const result: AnyObject = {};
    for (const [field, value] of Object.entries(document)) {
      if ((field === '_id' && keepId) || included.has(field)) Object.defineProperty(result, field, dataProperty(value));
    }
    const variables = variablesFor(document, stored);
    for (const [field, expression] of computedFields) {
      const value = expression(variables);
      if (value !== undefined) result[field] = value;
    }
    return result;
  };
  return { transform, decodedFieldsRead: new Set(keepId ? ['_id', ...included] : included) };
}

function compileAddFields(spec: AnyObject): DocumentTransform {
  const fields = compileFields(spec);
  return (document, stored) => {
    const result = new Map(Object.entries(document));
    const variables = variablesFor(document, stored);
    for (const [field, expression] of fields) {
      const value = expression(variables);
      if (value === undefined) result.delete(field);
      else result.set(field, value);
    }
    return Object.fromEntries(result);
  };
}

function compileUnset(spec: unknown): DocumentTransform {
  const fields = Array.isArray(spec) ? spec : [spec];
  if (!fields.every((field) => typeof field === 'string' && !field.includes('.')))
    throw new UnsupportedExpression('$unset');
  const removed = new Set(fields as string[]);
  return (document) => Object.fromEntries(Object.entries(document).filter(([field]) => !removed.has(field)));
}

function compileMatch(spec: unknown): DocumentTransform {
  if (!isPlainObject(spec)) throw new UnsupportedExpression('$match');
  const matcher = compileFilter(spec);
  return (document) => (matcher.test(document) ? document : undefined);
}

function compileStage(stage: AnyObject): CompiledStage {
  const [name] = Object.keys(stage);
  const argument = stage[name as string];
  switch (name) {
    case '$project':
      if (!isPlainObject(argument)) throw new UnsupportedExpression(name);
      return compileProject(argument);
    case '$addFields':
    case '$set':
      if (!isPlainObject(argument)) throw new UnsupportedExpression(name);
      return { transform: compileAddFields(argument) };
    case '$unset':
      return { transform: compileUnset(argument) };
    case '$match':
      return { transform: compileMatch(argument) };
    default:
      throw new UnsupportedExpression(String(name));
  }
}

/**
 * Compiles the leading stages it supports; returns them as one transform and the stages left for mingo.
 * `decodedFieldsRead`: when defined, a transform given the stored bytes reads only these top-level fields of its
 * input's decoded copy, so the caller may decode only them (`promoteDocument(raw, 0, fields)`).
 */
export function compileLeadingStages(stages: readonly AnyObject[]): {
  transform: DocumentTransform | undefined;
  rest: AnyObject[];
  decodedFieldsRead?: ReadonlySet<string>;
} {
  const transforms: DocumentTransform[] = [];
  let decodedFieldsRead: ReadonlySet<string> | undefined;
  let index = 0;
  for (; index < stages.length; index++) {
    try {
      const compiled = compileStage(stages[index] as AnyObject);
      if (index === 0) decodedFieldsRead = compiled.decodedFieldsRead;
      transforms.push(compiled.transform);
    } catch (error) {
      if (error instanceof UnsupportedExpression) break;
      throw error;
    }
  }
  const rest = stages.slice(index);
  if (transforms.length === 0) return { transform: undefined, rest };
  return {
    transform: (document, stored) => {
      let current: AnyObject | undefined = document;
      for (const transform of transforms) {
        if (current === undefined) return undefined;
        // The stored bytes describe the input document only: a stage that built a new one ends their use.
        current = transform(current, current === document ? stored : undefined);
      }
      return current;
    },
    rest,
    ...(decodedFieldsRead === undefined ? {} : { decodedFieldsRead }),
  };
}

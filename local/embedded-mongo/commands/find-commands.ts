/** Read commands: find, getMore, killCursors, count, distinct. Replies carry the stored bytes of each document. */
import { Long } from 'bson';
import { encodeDocument, RawDocument } from '../bson/raw-writer.ts';
import { restoreStored } from '../bson/restore-stored.ts';
import { Query } from 'mingo/query';
import { valueKey } from '../bson/compare.ts';
import { isPlainObject, isTruthyOption, toMatchable, toNumberOption } from '../bson/matchable.ts';
import { promoteDocument } from '../bson/promote.ts';
import { ErrorCode, fail, toCommandError } from '../errors.ts';
import { collectIndexValues } from '../query/field-paths.ts';
import { countDocuments, findDocuments } from '../query/find-engine.ts';
import { mingoOptions } from '../query/mingo-context.ts';
import { needsMingo, parseProjection, type Projection, projectRaw } from '../query/projection.ts';
import { parseSort } from '../query/sort.ts';
import { collectionName, type CommandHandler, existingCollection, matchableDocument } from './context.ts';
import { resolveHint } from './hint.ts';
import { parseLet, substituteExpression, substituteFilter } from './let-variables.ts';

type AnyObject = Record<string, unknown>;

/** Projects a stored document: verbatim without projection, from the bytes when possible, else through mingo. */
export function projectStored(
  raw: Buffer,
  projection: Projection | undefined,
  typedProjection: AnyObject | undefined,
  filter: AnyObject,
): Buffer {
  if (typedProjection === undefined || Object.keys(typedProjection).length === 0) return raw;
  if (projection !== undefined) return projectRaw(raw, projection);
  try {
    const projected = new Query(filter, mingoOptions)
      .find<AnyObject>([promoteDocument(raw)], toMatchable(typedProjection) as AnyObject)
      .next();
    const restored = restoreStored(projected ?? {});
    return restored instanceof RawDocument ? restored.bytes : encodeDocument(restored as AnyObject);
  } catch (error) {
    throw toCommandError(error);
  }
}

function optionalBatchSize(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const batchSize = toNumberOption(value, 0);
  if (batchSize < 0)
    fail(ErrorCode.BadValue, `BSON field 'batchSize' value must be >= 0, actual value '${String(batchSize)}'`);
  return batchSize;
}

const find: CommandHandler = (context) => {
  const body = context.body;
  const name = collectionName(context, 'find');
  const namespace = `${context.database}.${name}`;
  const variables = parseLet(body['let']) ?? new Map<string, unknown>();
  const filter = substituteFilter(matchableDocument(body['filter'], 'filter'), variables);
  const typedProjection = isPlainObject(body['projection'])
    ? (substituteExpression(body['projection'], variables) as AnyObject)
    : undefined;
  const projection =
    typedProjection === undefined || needsMingo(typedProjection) ? undefined : parseProjection(typedProjection);
  const limitOption = toNumberOption(body['limit'], 0);
  const singleBatch = isTruthyOption(body['singleBatch']) || limitOption < 0;
  const limit = Math.abs(limitOption);
  const skip = toNumberOption(body['skip'], 0);
  if (skip < 0) fail(ErrorCode.BadValue, "BSON field 'skip' value must be >= 0");
  const sort = parseSort(body['sort']);
  const collection = context.catalog.get(context.database, name);
  resolveHint(collection, body['hint']);
  if (collection === undefined) return context.cursors.open(namespace, [], 0, true);
  const documents = findDocuments(collection, { filter, sort, skip, limit });
  const projected = (function* () {
    for (const document of documents) yield projectStored(document.raw, projection, typedProjection, filter);
  })();
  const batchSize = optionalBatchSize(body['batchSize']);
  return context.cursors.open(
    namespace,
    projected,
    limit > 0 && (batchSize === undefined || batchSize > limit) ? limit : batchSize,
    singleBatch,
  );
};

const getMore: CommandHandler = (context) => {
  const id = context.body['getMore'];
  if (!(id instanceof Long))
    fail(ErrorCode.TypeMismatch, "BSON field 'getMore.getMore' is the wrong type, expected type 'long'");
  const collection = context.body['collection'];
  if (typeof collection !== 'string')
    fail(ErrorCode.TypeMismatch, "BSON field 'getMore.collection' is missing or not a string");
  const batchSize = optionalBatchSize(context.body['batchSize']);
  return context.cursors.getMore(
    id.toBigInt(),
    `${context.database}.${collection}`,
    batchSize === 0 ? undefined : batchSize,
  );
};

const killCursors: CommandHandler = (context) => {
  const ids = Array.isArray(context.body['cursors']) ? context.body['cursors'] : [];
  const { killed, notFound } = context.cursors.kill(
    ids.map((id) => (id instanceof Long ? id.toBigInt() : BigInt(toNumberOption(id, 0)))),
  );
  return {
    cursorsKilled: killed.map((id) => Long.fromBigInt(id)),
    cursorsNotFound: notFound.map((id) => Long.fromBigInt(id)),
    cursorsAlive: [],
    cursorsUnknown: [],
  };
};

const count: CommandHandler = (context) => {
  const collection = existingCollection(context, 'count');
  resolveHint(collection, context.body['hint']);
  if (collection === undefined) return { n: 0 };
  const filter = matchableDocument(context.body['query'], 'query');
  return {
    n: countDocuments(
      collection,
      filter,
      toNumberOption(context.body['skip'], 0),
      Math.abs(toNumberOption(context.body['limit'], 0)),
    ),
  };
};

const distinct: CommandHandler = (context) => {
  const key = context.body['key'];
  if (typeof key !== 'string') fail(ErrorCode.TypeMismatch, "BSON field 'distinct.key' is missing or not a string");
  const collection = existingCollection(context, 'distinct');
  resolveHint(collection, context.body['hint']);
  if (collection === undefined) return { values: [] };
  const filter = matchableDocument(context.body['query'], 'query');
  const fields = new Set([key.split('.')[0] as string]);
  const values = new Map<string, unknown>();
  for (const document of findDocuments(collection, { filter })) {
    for (const value of collectIndexValues(collection.decodedFields(document, fields), key)) {
      const id = valueKey(value);
      if (!values.has(id)) values.set(id, value);
    }
  }
  return { values: [...values.values()] };
};

/** Read commands by name. */
export const findCommands: Readonly<Record<string, CommandHandler>> = { find, getMore, killCursors, count, distinct };

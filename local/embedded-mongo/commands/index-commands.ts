/** createIndexes, listIndexes, dropIndexes. */
import { Int32 } from 'bson';
import { isPlainObject } from '../bson/matchable.ts';
import { encodeDocument } from '../bson/raw-writer.ts';
import { ErrorCode, fail } from '../errors.ts';
import { indexDocument, parseIndexSpec } from '../storage/index-catalog.ts';
import { collectionName, type CommandHandler, existingCollection } from './context.ts';
import { checkIndexSpec } from './index-spec-policy.ts';

const createIndexes: CommandHandler = (context) => {
  const name = collectionName(context, 'createIndexes');
  const requested = context.body['indexes'];
  if (!Array.isArray(requested) || requested.length === 0)
    fail(ErrorCode.BadValue, 'Must specify at least one index to create');
  const specs = requested.map((raw) => {
    if (!isPlainObject(raw)) fail(ErrorCode.TypeMismatch, "The field 'indexes' must be an array of objects");
    checkIndexSpec(raw);
    return parseIndexSpec(raw);
  });
  const existed = context.catalog.get(context.database, name) !== undefined;
  const collection = context.catalog.getOrCreate(context.database, name);
  const before = collection.indexes.list().length;
  for (const spec of specs) if (collection.indexes.isNew(spec)) collection.addIndex(spec);
  const after = collection.indexes.list().length;
  return {
    numIndexesBefore: new Int32(before),
    numIndexesAfter: new Int32(after),
    createdCollectionAutomatically: !existed,
    ...(before === after ? { note: 'all indexes already exist' } : {}),
  };
};

const listIndexes: CommandHandler = (context) => {
  const collection = existingCollection(context, 'listIndexes');
  if (collection === undefined)
    fail(
      ErrorCode.NamespaceNotFound,
      `ns does not exist: ${context.database}.${collectionName(context, 'listIndexes')}`,
    );
  const documents = collection.indexes.list().map((spec) => encodeDocument(indexDocument(spec)));
  return context.cursors.open(collection.namespace, documents, undefined);
};

const dropIndexes: CommandHandler = (context) => {
  const collection = existingCollection(context, 'dropIndexes');
  if (collection === undefined)
    fail(ErrorCode.NamespaceNotFound, `ns not found ${context.database}.${collectionName(context, 'dropIndexes')}`);
  const before = collection.indexes.list().length;
  const index = context.body['index'];
  if (index === '*') collection.indexes.dropAll();
  else if (Array.isArray(index)) for (const name of index) collection.indexes.drop(String(name));
  else if (typeof index === 'string' || isPlainObject(index)) collection.indexes.drop(index);
  else
    fail(ErrorCode.TypeMismatch, "BSON field 'dropIndexes.index' must be a string, an array of strings or an object");
  collection.dirty = true;
  return { nIndexesWas: new Int32(before) };
};

/** Index commands by name. */
export const indexCommands: Readonly<Record<string, CommandHandler>> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};

/** Namespace commands: create, drop, dropDatabase, listCollections, listDatabases, collStats, dbStats. */
import { Int32, Long } from 'bson';
import { isPlainObject, toMatchable, toNumberOption } from '../bson/matchable.ts';
import { encodeDocument } from '../bson/raw-writer.ts';
import { ErrorCode, fail } from '../errors.ts';
import { compileFilter } from '../query/matcher.ts';
import type { Collection } from '../storage/collection.ts';
import { collectionName, type CommandHandler, existingCollection, matchableDocument } from './context.ts';

type AnyObject = Record<string, unknown>;

const create: CommandHandler = (context) => {
  const name = collectionName(context, 'create');
  const ignored = new Set([
    'create',
    '$db',
    'lsid',
    'writeConcern',
    '$readPreference',
    'comment',
    'txnNumber',
    'autocommit',
    'apiVersion',
    '$clusterTime',
  ]);
  const options = Object.fromEntries(Object.entries(context.body).filter(([key]) => !ignored.has(key)));
  context.catalog.create(context.database, name, options);
  return {};
};

const drop: CommandHandler = (context) => {
  const collection = existingCollection(context, 'drop');
  if (collection === undefined) fail(ErrorCode.NamespaceNotFound, 'ns not found');
  const indexes = collection.indexes.list().length;
  context.catalog.drop(context.database, collection.name);
  return { nIndexesWas: new Int32(indexes), ns: collection.namespace };
};

const dropDatabase: CommandHandler = (context) => {
  context.catalog.dropDatabase(context.database);
  return { dropped: context.database };
};

function collectionInfo(collection: Collection): AnyObject {
  return {
    name: collection.name,
    type: 'collection',
    options: collection.options,
    info: { readOnly: false, uuid: collection.uuidBinary },
    idIndex: { v: new Int32(2), key: { _id: new Int32(1) }, name: '_id_' },
  };
}

const listCollections: CommandHandler = (context) => {
  const filter = compileFilter(matchableDocument(context.body['filter'], 'filter'));
  const nameOnly = context.body['nameOnly'] === true;
  const documents = context.catalog
    .collections(context.database)
    .map(collectionInfo)
    .filter((info) => filter.test(toMatchable(info) as AnyObject))
    .map((info) => encodeDocument(nameOnly ? { name: info['name'], type: info['type'] } : info));
  const cursor = isPlainObject(context.body['cursor']) ? context.body['cursor'] : {};
  const batchSize = cursor['batchSize'] === undefined ? undefined : Number(toMatchable(cursor['batchSize']));
  return context.cursors.open(`${context.database}.$cmd.listCollections`, documents, batchSize);
};

function databaseSize(context: Parameters<CommandHandler>[0], database: string): number {
  return context.catalog.collections(database).reduce((total, collection) => total + collection.dataBytes, 0);
}

const listDatabases: CommandHandler = (context) => {
  const filter = compileFilter(matchableDocument(context.body['filter'], 'filter'));
  const nameOnly = context.body['nameOnly'] === true;
  const databases = context.catalog
    .databaseNames()
    .map((name) => ({ name, sizeOnDisk: new Long(databaseSize(context, name)), empty: false }))
    .filter((info) => filter.test(toMatchable(info) as AnyObject));
  const totalSize = databases.reduce((total, info) => total + info.sizeOnDisk.toNumber(), 0);
  return {
    databases: nameOnly ? databases.map(({ name }) => ({ name })) : databases,
    ...(nameOnly ? {} : { totalSize: new Long(totalSize), totalSizeMb: new Long(Math.floor(totalSize / 1024 / 1024)) }),
  };
};

/** The `scale` option of collStats/dbStats: sizes are divided by it (integer division, as MongoDB does). */
function scaleOf(value: unknown): number {
  const scale = toNumberOption(value, 1);
  if (!Number.isInteger(scale) || scale < 1) fail(ErrorCode.BadValue, 'scale has to be >= 1');
  return scale;
}

const collStats: CommandHandler = (context) => {
  const name = collectionName(context, 'collStats');
  const scale = scaleOf(context.body['scale']);
  const collection = context.catalog.get(context.database, name);
  const count = collection?.size ?? 0;
  const size = collection?.dataBytes ?? 0;
  return {
    ns: `${context.database}.${name}`,
    count,
    size: Math.floor(size / scale),
    avgObjSize: count === 0 ? 0 : Math.floor(size / count),
    storageSize: Math.floor(size / scale),
    nindexes: collection?.indexes.list().length ?? 0,
    totalIndexSize: 0,
    indexSizes: Object.fromEntries((collection?.indexes.list() ?? []).map((spec) => [spec.name, 0])),
    scaleFactor: scale,
  };
};

const dbStats: CommandHandler = (context) => {
  const scale = scaleOf(context.body['scale']);
  const collections = context.catalog.collections(context.database);
  const objects = collections.reduce((total, collection) => total + collection.size, 0);
  const dataSize = databaseSize(context, context.database);
  return {
    db: context.database,
    collections: collections.length,
    views: 0,
    objects,
    avgObjSize: objects === 0 ? 0 : dataSize / objects,
    dataSize: Math.floor(dataSize / scale),
    storageSize: Math.floor(dataSize / scale),
    indexes: collections.reduce((total, collection) => total + collection.indexes.list().length, 0),
    indexSize: 0,
    scaleFactor: scale,
  };
};

/** Namespace commands by name. */
export const collectionCommands: Readonly<Record<string, CommandHandler>> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  collStats,
  dbStats,
};

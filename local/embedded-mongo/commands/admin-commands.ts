/** validate and renameCollection. */
import { BSON } from 'bson';
import { isTruthyOption, toMatchable } from '../bson/matchable.ts';
import { ErrorCode, fail } from '../errors.ts';
import { collectIndexValues } from '../query/field-paths.ts';
import { compileFilter } from '../query/matcher.ts';
import { readId } from '../storage/collection.ts';
import type { IndexSpec } from '../storage/index-catalog.ts';
import { collectionName, type CommandHandler } from './context.ts';

type AnyObject = Record<string, unknown>;

/** Keys an index over `document` holds: one per combination of key values (missing = null), none when excluded. */
function indexKeyCount(spec: IndexSpec, document: AnyObject): number {
  const partial = spec.options['partialFilterExpression'];
  if (partial !== undefined && !compileFilter(toMatchable(partial) as AnyObject).test(document)) return 0;
  const perField = Object.keys(spec.key).map(
    (path) =>
      new Set(collectIndexValues(document, path).map((v) => Buffer.from(BSON.serialize({ v })).toString('hex'))).size,
  );
  if (isTruthyOption(spec.options['sparse']) && perField.every((count) => count === 0)) return 0;
  return perField.reduce((keys, count) => keys * Math.max(1, count), 1);
}

/** Re-reads every stored document (BSON well-formed, `_id` present) and counts the keys each index would hold. */
const validate: CommandHandler = (context) => {
  const name = collectionName(context, 'validate');
  const collection = context.catalog.get(context.database, name);
  if (collection === undefined)
    fail(ErrorCode.NamespaceNotFound, `Collection '${context.database}.${name}' does not exist to validate.`);
  const specs = collection.indexes.list();
  const keysPerIndex: Record<string, number> = Object.fromEntries(specs.map((spec) => [spec.name, 0]));
  const errors: string[] = [];
  let records = 0;
  let invalid = 0;
  for (const document of collection.scan()) {
    records++;
    try {
      BSON.deserialize(document.raw);
      if (readId(document.raw).id === undefined) throw new Error('document without _id');
      const decoded = collection.decoded(document);
      for (const spec of specs) keysPerIndex[spec.name] = (keysPerIndex[spec.name] ?? 0) + indexKeyCount(spec, decoded);
    } catch (error) {
      invalid++;
      errors.push(`Detected one or more invalid documents: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    ns: collection.namespace,
    uuid: collection.uuidBinary,
    nInvalidDocuments: invalid,
    nNonCompliantDocuments: 0,
    nrecords: records,
    nIndexes: specs.length,
    keysPerIndex,
    indexDetails: Object.fromEntries(specs.map((spec) => [spec.name, { valid: true }])),
    valid: invalid === 0,
    repaired: false,
    warnings: [],
    errors: errors.slice(0, 10),
    extraIndexEntries: [],
    missingIndexEntries: [],
    corruptRecords: [],
  };
};

function splitNamespace(value: unknown, field: string): { database: string; name: string } {
  const match = typeof value === 'string' ? /^([^.]+)\.(.+)$/s.exec(value) : null;
  if (match === null) fail(ErrorCode.InvalidNamespace, `Invalid ${field} namespace: ${String(value)}`);
  return { database: match[1] as string, name: match[2] as string };
}

/** `{renameCollection: 'db.a', to: 'db.b', dropTarget}` on the admin database: documents and indexes move. */
const renameCollection: CommandHandler = (context) => {
  if (context.database !== 'admin') fail(13, 'renameCollection may only be run against the admin database.');
  const source = splitNamespace(context.body['renameCollection'], 'source');
  const target = splitNamespace(context.body['to'], 'target');
  const collection = context.catalog.get(source.database, source.name);
  if (collection === undefined) fail(ErrorCode.NamespaceNotFound, 'Source collection does not exist');
  if (source.database === target.database && source.name === target.name)
    fail(ErrorCode.IllegalOperation, "Can't rename a collection to itself");
  if (context.catalog.get(target.database, target.name) !== undefined) {
    if (!isTruthyOption(context.body['dropTarget'])) fail(ErrorCode.NamespaceExists, 'target namespace exists');
    context.catalog.drop(target.database, target.name);
  }
  const renamed = context.catalog.create(target.database, target.name, collection.options);
  for (const spec of collection.indexes.list()) if (spec.name !== '_id_') renamed.addIndex(spec);
  for (const document of collection.scan()) renamed.insert(document.raw);
  context.catalog.drop(source.database, source.name);
  return {};
};

/** Administrative commands by name. */
export const adminCommands: Readonly<Record<string, CommandHandler>> = { validate, renameCollection };

/**
 * Which options each command accepts. Every option the driver can send is either supported (it has an effect, or is
 * a no-op on a standalone server as on MongoDB itself) or refused with NotImplemented (238) naming it, so a test
 * never passes on an option that a real server would honour. Options MongoDB itself does not know are refused the
 * way MongoDB 7.0 does it: 40415 `BSON field 'find.foo' is an unknown field.`
 *
 * Code 238 because the driver passes it through unchanged; 20 (IllegalOperation) is rewritten by driver 7 on writes
 * into "This MongoDB deployment does not support retryable writes".
 */
import { isPlainObject } from '../bson/matchable.ts';
import { ErrorCode, fail } from '../errors.ts';

type AnyObject = Record<string, unknown>;

/** Why an option that MongoDB knows is refused here. */
type Refusals = Readonly<Record<string, string>>;

interface CommandPolicy {
  /** Options with an effect here (or none on a standalone server, as on MongoDB). */
  readonly supported: readonly string[];
  /** Options MongoDB 7.0 knows that the embedded server does not implement. */
  readonly refused?: Refusals;
}

/** Fields any command may carry: routing, sessions, retryable writes, API versioning, comments. */
const envelope = [
  '$db',
  'lsid',
  'txnNumber',
  '$clusterTime',
  '$readPreference',
  'comment',
  // No operation is ever interrupted: the limit is accepted and never reached early (documented difference).
  'maxTimeMS',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'readConcern',
  'writeConcern',
];

const collation = 'collations (locale-aware string comparison)';
const sharding = 'sharding';

const policies: Readonly<Record<string, CommandPolicy>> = {
  find: {
    supported: [
      'filter',
      'projection',
      'sort',
      'skip',
      'limit',
      'batchSize',
      'singleBatch',
      'hint',
      'let',
      // No effect on a standalone MongoDB either: no memory limit to lift, no shards, oplogReplay ignored since 4.4.
      'allowDiskUse',
      'allowPartialResults',
      'oplogReplay',
    ],
    refused: {
      collation,
      max: 'index bounds (max)',
      min: 'index bounds (min)',
      returnKey: 'returnKey',
      showRecordId: 'record ids',
      tailable: 'tailable cursors',
      awaitData: 'tailable cursors',
      noCursorTimeout: 'cursors without idle timeout',
      readOnce: 'readOnce',
      term: 'replication',
    },
  },
  getMore: {
    supported: ['collection', 'batchSize'],
    refused: { term: 'replication', lastKnownCommittedOpTime: 'replication' },
  },
  killCursors: { supported: ['cursors'] },
  aggregate: {
    supported: ['pipeline', 'cursor', 'explain', 'hint', 'let', 'allowDiskUse', 'bypassDocumentValidation'],
    refused: { collation, needsMerge: sharding, fromMongos: sharding, exchange: sharding },
  },
  insert: { supported: ['documents', 'ordered', 'bypassDocumentValidation'] },
  update: { supported: ['updates', 'ordered', 'let', 'bypassDocumentValidation'] },
  delete: { supported: ['deletes', 'ordered', 'let'] },
  findAndModify: {
    supported: [
      'query',
      'sort',
      'remove',
      'update',
      'new',
      'fields',
      'upsert',
      'arrayFilters',
      'hint',
      'let',
      'bypassDocumentValidation',
    ],
    refused: { collation },
  },
  count: { supported: ['query', 'limit', 'skip', 'hint'], refused: { collation } },
  distinct: { supported: ['key', 'query', 'hint'], refused: { collation } },
  create: {
    supported: [],
    refused: {
      validator: 'collection validators (they would be stored but never enforced)',
      validationLevel: 'collection validators',
      validationAction: 'collection validators',
      viewOn: 'views',
      pipeline: 'views',
      collation,
      capped: 'capped collections',
      size: 'capped collections',
      max: 'capped collections',
      timeseries: 'time series collections',
      expireAfterSeconds: 'time series collections',
      clusteredIndex: 'clustered collections',
      changeStreamPreAndPostImages: 'change streams',
      storageEngine: 'storage engine options',
      indexOptionDefaults: 'index option defaults',
      encryptedFields: 'queryable encryption',
      idIndex: 'custom _id indexes',
      autoIndexId: 'collections without an _id index',
    },
  },
  drop: { supported: [] },
  dropDatabase: { supported: [] },
  listCollections: { supported: ['filter', 'nameOnly', 'authorizedCollections', 'cursor'] },
  listDatabases: { supported: ['filter', 'nameOnly', 'authorizedDatabases'] },
  createIndexes: { supported: ['indexes'], refused: { commitQuorum: 'replication (commitQuorum)' } },
  listIndexes: { supported: ['cursor'] },
  dropIndexes: { supported: ['index'] },
  collStats: { supported: ['scale'] },
  dbStats: { supported: ['scale'], refused: { freeStorage: 'free storage statistics' } },
  explain: { supported: ['verbosity'] },
  validate: { supported: ['full', 'background'], refused: { repair: 'repair', metadata: 'metadata validation' } },
  renameCollection: { supported: ['to', 'dropTarget'] },
};

const aliases: Readonly<Record<string, string>> = { findandmodify: 'findAndModify', deleteIndexes: 'dropIndexes' };

/** MongoDB 7.0's answer to an option it does not know. */
export function unknownField(path: string): never {
  return fail(ErrorCode.Location40415, `BSON field '${path}' is an unknown field.`);
}

/** NotImplemented (238) naming the option and what it would need. */
export function notSupported(what: string, why: string): never {
  return fail(
    ErrorCode.NotImplemented,
    `${what} is not supported by the embedded MongoDB-compatible server (no ${why}); run this against a real MongoDB`,
  );
}

const readConcernLevels = new Set(['local', 'available', 'majority']);

function checkReadConcern(value: unknown): void {
  if (value === undefined) return;
  if (!isPlainObject(value))
    fail(ErrorCode.TypeMismatch, "BSON field 'readConcern' is the wrong type, expected 'object'");
  for (const [key, inner] of Object.entries(value)) {
    if (key !== 'level') notSupported(`readConcern.${key}`, 'causal consistency or snapshot reads');
    if (typeof inner !== 'string' || !readConcernLevels.has(inner))
      notSupported(`readConcern level '${String(inner)}'`, 'snapshot or linearizable reads');
  }
}

/**
 * Throws for the first option of `body` (a command named `name`) that is neither supported nor part of the common
 * envelope. Commands without a policy (handshake, diagnostics) are not checked.
 */
export function checkCommandOptions(name: string, body: AnyObject): void {
  const canonical = aliases[name] ?? name;
  const policy = policies[canonical];
  if (policy === undefined) return;
  for (const option of Object.keys(body)) {
    if (option === name || envelope.includes(option) || policy.supported.includes(option)) continue;
    const refusal = policy.refused?.[option];
    if (refusal !== undefined) notSupported(`The '${option}' option of '${canonical}'`, refusal);
    unknownField(`${canonical}.${option}`);
  }
  checkReadConcern(body['readConcern']);
}

/** Statement fields of update and delete (`updates[i]`, `deletes[i]`), checked like command options. */
const statementPolicies: Readonly<Record<string, CommandPolicy>> = {
  update: {
    // `sort` is an update statement field from MongoDB 8.0 on; 7.0 (the version this server reports) rejects it.
    supported: ['q', 'u', 'upsert', 'multi', 'arrayFilters', 'hint'],
    refused: { collation },
  },
  delete: { supported: ['q', 'limit', 'hint'], refused: { collation } },
};

/** Throws for the first statement field that is not supported (the write command reports it as a write error). */
export function checkStatementFields(command: 'update' | 'delete', statement: AnyObject): void {
  const policy = statementPolicies[command] as CommandPolicy;
  const list = command === 'update' ? 'updates' : 'deletes';
  for (const field of Object.keys(statement)) {
    if (policy.supported.includes(field)) continue;
    const refusal = policy.refused?.[field];
    if (refusal !== undefined) notSupported(`The '${field}' option of '${command}'`, refusal);
    unknownField(`${command}.${list}.${field}`);
  }
}

/**
 * The diagnostic stages a pipeline may start with: `$collStats` (storageStats, count) over the collection's
 * stored bytes, and `$currentOp` (the running command and, with `idleCursors: true`, the open cursors). Their
 * output documents then go through the rest of the pipeline like any other.
 */
import { isPlainObject, isTruthyOption, toMatchable, toNumberOption } from '../bson/matchable.ts';
import { ErrorCode, fail } from '../errors.ts';
import type { CommandContext } from './context.ts';
import { notSupported } from './option-policy.ts';

type AnyObject = Record<string, unknown>;

function checkFields(
  stage: string,
  argument: AnyObject,
  supported: readonly string[],
  refused: Readonly<Record<string, string>>,
): void {
  for (const field of Object.keys(argument)) {
    if (supported.includes(field)) continue;
    const reason = refused[field];
    if (reason !== undefined) notSupported(`The '${field}' option of ${stage}`, reason);
    fail(ErrorCode.FailedToParse, `unrecognized option to ${stage}: ${field}`);
  }
}

/** storageStats as MongoDB reports them; index sizes are 0 because only unique indexes have (in-memory) structures. */
export function storageStats(context: CommandContext, name: string, scaleOption: unknown): AnyObject {
  const collection = context.catalog.get(context.database, name);
  if (collection === undefined)
    fail(
      ErrorCode.NamespaceNotFound,
      `Unable to retrieve storageStats in $collStats stage :: caused by :: Collection [${context.database}.${name}] not found.`,
    );
  const scale = Math.max(1, Math.floor(toNumberOption(scaleOption, 1)));
  const count = collection.size;
  const size = collection.dataBytes;
  const indexes = collection.indexes.list();
  return {
    size: Math.floor(size / scale),
    count,
    avgObjSize: count === 0 ? 0 : Math.floor(size / count),
    numOrphanDocs: 0,
    storageSize: Math.floor(size / scale),
    freeStorageSize: 0,
    capped: false,
    nindexes: indexes.length,
    indexDetails: {},
    indexBuilds: [],
    totalIndexSize: 0,
    totalSize: Math.floor(size / scale),
    indexSizes: Object.fromEntries(indexes.map((spec) => [spec.name, 0])),
    scaleFactor: scale,
  };
}

function collStats(context: CommandContext, argument: unknown): AnyObject[] {
  if (!isPlainObject(argument))
    fail(ErrorCode.FailedToParse, '$collStats must take a nested object but found a non-object');
  const target = context.body['aggregate'];
  if (typeof target !== 'string') fail(ErrorCode.InvalidNamespace, '$collStats must be run against a collection');
  checkFields('$collStats', argument, ['storageStats', 'count'], {
    latencyStats: 'latency statistics',
    queryExecStats: 'query execution statistics',
  });
  const stats: AnyObject = {
    ns: `${context.database}.${target}`,
    host: `127.0.0.1:${String(context.server.port)}`,
    localTime: new Date(),
  };
  const storage = argument['storageStats'];
  if (storage !== undefined) {
    if (!isPlainObject(storage)) fail(ErrorCode.TypeMismatch, 'storageStats must be an object');
    checkFields('$collStats storageStats', storage, ['scale'], {
      verbose: 'verbose storage statistics',
      waitForLock: 'lock statistics',
    });
    stats['storageStats'] = storageStats(context, target, storage['scale']);
  }
  if (argument['count'] !== undefined) {
    const collection = context.catalog.get(context.database, target);
    if (collection === undefined)
      fail(
        ErrorCode.NamespaceNotFound,
        `Unable to retrieve count in $collStats stage :: caused by :: Collection [${context.database}.${target}] not found.`,
      );
    stats['count'] = collection.size;
  }
  return [stats];
}

function currentOp(context: CommandContext, argument: unknown): AnyObject[] {
  if (!isPlainObject(argument)) fail(ErrorCode.FailedToParse, '$currentOp options must be specified in an object');
  if (
    context.database !== 'admin' ||
    (context.body['aggregate'] !== 1 && toNumberOption(context.body['aggregate'], 0) !== 1)
  )
    fail(ErrorCode.InvalidNamespace, "$currentOp must be run against the 'admin' database with {aggregate: 1}");
  checkFields(
    '$currentOp',
    argument,
    ['allUsers', 'idleConnections', 'idleCursors', 'idleSessions', 'localOps', 'truncateOps'],
    {
      backtrace: 'backtraces',
      targetAllNodes: 'sharding',
    },
  );
  if (isTruthyOption(argument['idleConnections']))
    notSupported("$currentOp's 'idleConnections: true'", 'connection listing');
  const now = new Date();
  const running: AnyObject = {
    type: 'op',
    host: `127.0.0.1:${String(context.server.port)}`,
    desc: `conn${String(context.connection.id)}`,
    connectionId: context.connection.id,
    client: context.connection.remoteAddress,
    active: true,
    currentOpTime: now.toISOString(),
    opid: context.cursors.nextOperationId(),
    secs_running: 0,
    microsecs_running: 0,
    op: 'command',
    ns: `${context.database}.$cmd.aggregate`,
    command: toMatchable(context.body),
    numYields: 0,
    locks: {},
    waitingForLock: false,
  };
  const cursors = isTruthyOption(argument['idleCursors'])
    ? context.cursors.describe().map((cursor) => ({
        type: 'idleCursor',
        host: running['host'],
        ns: cursor.namespace,
        active: false,
        cursor: {
          cursorId: cursor.id,
          createdDate: cursor.createdAt,
          lastAccessDate: cursor.lastUsed,
          nDocsReturned: cursor.documentsReturned,
          nBatchesReturned: cursor.batchesReturned,
          noCursorTimeout: false,
          tailable: false,
          awaitData: false,
          originatingCommand: cursor.originatingCommand,
        },
      }))
    : [];
  return [running, ...cursors];
}

/** The documents a leading `$collStats`/`$currentOp` produces, or undefined when the pipeline starts otherwise. */
export function diagnosticSource(context: CommandContext, pipeline: readonly AnyObject[]): AnyObject[] | undefined {
  const first = pipeline[0];
  if (first === undefined) return undefined;
  const [name] = Object.keys(first);
  if (name === '$collStats') return collStats(context, first[name]);
  if (name === '$currentOp') return currentOp(context, first[name]);
  for (const stage of pipeline.slice(1)) {
    const [later] = Object.keys(stage);
    if (later === '$collStats' || later === '$currentOp')
      fail(40602, `${later} is only valid as the first stage in a pipeline`);
  }
  return undefined;
}

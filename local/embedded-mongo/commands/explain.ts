/**
 * The explain command (and aggregate with `explain: true`) for find, count, distinct and aggregate: queryPlanner from
 * the plan the find engine follows (query-plan.ts), executionStats from running it. Explaining writes is refused.
 */
import { isPlainObject, toMatchable, toNumberOption } from '../bson/matchable.ts';
import { ErrorCode, fail } from '../errors.ts';
import type { FindRequest } from '../query/find-engine.ts';
import { parseSort } from '../query/sort.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { matchableDocument } from './context.ts';
import { resolveHint } from './hint.ts';
import { parseLet, substituteFilter, substitutePipeline } from './let-variables.ts';
import { checkCommandOptions, notSupported } from './option-policy.ts';
import { executePlan } from './query-plan.ts';

type AnyObject = Record<string, unknown>;

const verbosities = new Set(['queryPlanner', 'executionStats', 'allPlansExecution']);

function serverInfo(context: CommandContext): AnyObject {
  return { host: '127.0.0.1', port: context.server.port, version: '7.0.0', gitVersion: 'embedded' };
}

function explanation(
  context: CommandContext,
  command: AnyObject,
  namespace: string,
  request: FindRequest,
  wrap: (plan: AnyObject) => AnyObject,
  verbosity: string,
  hasProjection: boolean,
): AnyObject {
  const [, name] = namespace.split(/\.(.*)/s) as [string, string];
  const collection = context.catalog.get(context.database, name);
  const execution = executePlan(collection, request, hasProjection);
  const winningPlan = wrap(execution.winningPlan);
  return {
    explainVersion: '1',
    queryPlanner: {
      namespace,
      indexFilterSet: false,
      parsedQuery: request.filter,
      planCacheUsed: false,
      maxIndexedOrSolutionsReached: false,
      maxIndexedAndSolutionsReached: false,
      maxScansToExplodeReached: false,
      winningPlan,
      rejectedPlans: [],
    },
    ...(verbosity === 'queryPlanner'
      ? {}
      : {
          executionStats: {
            executionSuccess: true,
            nReturned: execution.nReturned,
            executionTimeMillis: execution.executionTimeMillis,
            totalKeysExamined: execution.totalKeysExamined,
            totalDocsExamined: execution.totalDocsExamined,
            executionStages: winningPlan,
            ...(verbosity === 'allPlansExecution' ? { allPlansExecution: [] } : {}),
          },
        }),
    command: { ...command, $db: context.database },
    serverInfo: serverInfo(context),
  };
}

function explainFind(context: CommandContext, command: AnyObject, verbosity: string): AnyObject {
  const name = String(command['find']);
  const variables = parseLet(command['let']) ?? new Map<string, unknown>();
  const filter = substituteFilter(matchableDocument(command['filter'], 'filter'), variables);
  resolveHint(context.catalog.get(context.database, name), command['hint']);
  const limit = Math.abs(toNumberOption(command['limit'], 0));
  const request: FindRequest = {
    filter,
    sort: parseSort(command['sort']),
    skip: toNumberOption(command['skip'], 0),
    limit,
  };
  const hasProjection = isPlainObject(command['projection']) && Object.keys(command['projection']).length > 0;
  return explanation(
    context,
    command,
    `${context.database}.${name}`,
    request,
    (plan) => plan,
    verbosity,
    hasProjection,
  );
}

function explainCount(context: CommandContext, command: AnyObject, verbosity: string): AnyObject {
  const name = String(command['count']);
  resolveHint(context.catalog.get(context.database, name), command['hint']);
  const request: FindRequest = {
    filter: matchableDocument(command['query'], 'query'),
    skip: toNumberOption(command['skip'], 0),
    limit: Math.abs(toNumberOption(command['limit'], 0)),
  };
  return explanation(
    context,
    command,
    `${context.database}.${name}`,
    request,
    (plan) => ({ stage: 'COUNT', inputStage: plan }),
    verbosity,
    false,
  );
}

function explainDistinct(context: CommandContext, command: AnyObject, verbosity: string): AnyObject {
  const name = String(command['distinct']);
  resolveHint(context.catalog.get(context.database, name), command['hint']);
  const request: FindRequest = { filter: matchableDocument(command['query'], 'query') };
  return explanation(context, command, `${context.database}.${name}`, request, (plan) => plan, verbosity, true);
}

/** Leading `$match` stages are what the find engine runs; the rest is listed as received. */
function explainPipeline(context: CommandContext, command: AnyObject, verbosity: string): AnyObject {
  const target = command['aggregate'];
  if (typeof target !== 'string')
    notSupported('Explaining a collection-less aggregate', 'plans for $currentOp or $documents');
  const requested = Array.isArray(command['pipeline']) ? (command['pipeline'] as AnyObject[]) : [];
  const pipeline = substitutePipeline(requested, parseLet(command['let']) ?? new Map<string, unknown>());
  resolveHint(context.catalog.get(context.database, target), command['hint']);
  let leading = 0;
  const matches: AnyObject[] = [];
  while (leading < pipeline.length && isPlainObject(pipeline[leading]?.['$match'])) {
    matches.push(toMatchable(pipeline[leading]?.['$match']) as AnyObject);
    leading++;
  }
  const filter = matches.length === 0 ? {} : matches.length === 1 ? (matches[0] as AnyObject) : { $and: matches };
  const cursorStage = explanation(
    context,
    command,
    `${context.database}.${target}`,
    { filter },
    (plan) => plan,
    verbosity,
    false,
  );
  const { explainVersion, command: explained, serverInfo: info, ...cursor } = cursorStage;
  return {
    explainVersion,
    stages: [{ $cursor: cursor }, ...pipeline.slice(leading)],
    command: explained,
    serverInfo: info,
  };
}

const explainers: Readonly<
  Record<string, (context: CommandContext, command: AnyObject, verbosity: string) => AnyObject>
> = {
  find: explainFind,
  count: explainCount,
  distinct: explainDistinct,
  aggregate: explainPipeline,
};

/** `{explain: {find: ...}, verbosity}`. */
export const explain: CommandHandler = (context) => {
  const command = context.body['explain'];
  if (!isPlainObject(command))
    fail(ErrorCode.TypeMismatch, "BSON field 'explain.explain' is the wrong type, expected type 'object'");
  const verbosity = context.body['verbosity'] === undefined ? 'allPlansExecution' : String(context.body['verbosity']);
  if (!verbosities.has(verbosity))
    fail(ErrorCode.BadValue, `verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}`);
  const [name] = Object.keys(command) as [string];
  const explainer = explainers[name];
  if (explainer === undefined)
    notSupported(`Explaining '${name}'`, 'write or other plans; explain supports find, count, distinct and aggregate');
  const { $db: _database, ...inner } = command;
  checkCommandOptions(name, inner);
  return explainer(context, inner, verbosity);
};

/** `aggregate` with `explain: true` (the legacy form): the queryPlanner verbosity. */
export function explainAggregate(context: CommandContext): AnyObject {
  const { explain: _flag, cursor: _cursor, ...command } = context.body;
  return explainPipeline(context, command, 'queryPlanner');
}

/**
 * The aggregate command. Leading $match/$sort/$skip/$limit stages run on the stored documents (so a pipeline of
 * only those returns the stored bytes, every BSON type intact); a trailing count-style `$group` is counted
 * without decoding; $project/$addFields/$set/$unset/$match stages are compiled once (query/compiled-stages.ts);
 * everything else is evaluated by mingo on decoded copies, streamed one document at a time.
 */
import { Aggregator } from 'mingo/aggregator';
import { isPlainObject, isTruthyOption, toMatchable, toNumberOption } from '../bson/matchable.ts';
import { promoteDocument } from '../bson/promote.ts';
import { encodeDocument, RawDocument } from '../bson/raw-writer.ts';
import { fastPathsEnabled } from '../query/fast-paths.ts';
import { restoreStored } from '../bson/restore-stored.ts';
import { ErrorCode, fail, toCommandError } from '../errors.ts';
import { countDocuments, findDocuments, type FindRequest } from '../query/find-engine.ts';
import { mingoOptions } from '../query/mingo-context.ts';
import { parseSort } from '../query/sort.ts';
import { compileLeadingStages } from '../query/compiled-stages.ts';
import type { Collection } from '../storage/collection.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { diagnosticSource } from './diagnostic-stages.ts';
import { explainAggregate } from './explain.ts';
import { resolveHint } from './hint.ts';
import { parseLet, substitutePipeline } from './let-variables.ts';

type AnyObject = Record<string, unknown>;

/** Splits off the stages the storage layer runs itself. */
function nativePrefix(pipeline: readonly AnyObject[]): { request: FindRequest; rest: AnyObject[] } {
  const matches: AnyObject[] = [];
  let sort: FindRequest['sort'];
  let skip = 0;
  let limit = 0;
  let index = 0;
  for (; index < pipeline.length; index++) {
    const stage = pipeline[index] as AnyObject;
    const [name] = Object.keys(stage);
    const argument = stage[name as string];
    if (name === '$match' && sort === undefined && skip === 0 && limit === 0 && isPlainObject(argument))
      matches.push(toMatchable(argument) as AnyObject);
    else if (name === '$sort' && sort === undefined && skip === 0 && limit === 0) sort = parseSort(argument);
    else if (name === '$skip' && limit === 0) skip += toNumberOption(argument, 0);
    else if (name === '$limit')
      limit = limit > 0 ? Math.min(limit, toNumberOption(argument, 0)) : toNumberOption(argument, 0);
    else break;
  }
  const filter = matches.length === 0 ? {} : matches.length === 1 ? (matches[0] as AnyObject) : { $and: matches };
  return { request: { filter, ...(sort === undefined ? {} : { sort }), skip, limit }, rest: pipeline.slice(index) };
}

/** `{$group: {_id: <constant>, n: {$sum: 1}}}`, the stage countDocuments ends with. */
function countGroup(stage: AnyObject | undefined): { id: unknown; field: string } | undefined {
  const group = stage?.['$group'];
  if (!isPlainObject(group)) return undefined;
  const entries = Object.entries(toMatchable(group) as AnyObject);
  if (entries.length !== 2 || entries[0]?.[0] !== '_id') return undefined;
  const id = entries[0][1];
  const [field, accumulator] = entries[1] as [string, unknown];
  const constantId = id === null || typeof id === 'number' || (typeof id === 'string' && !id.startsWith('$'));
  const sumsOne = isPlainObject(accumulator) && accumulator['$sum'] === 1 && Object.keys(accumulator).length === 1;
  return constantId && sumsOne ? { id, field } : undefined;
}

function collectionResolver(context: CommandContext) {
  return (name: string): AnyObject[] =>
    [...(context.catalog.get(context.database, name)?.scan() ?? [])].map((document) => promoteDocument(document.raw));
}

/** The stages after the native prefix: compiled ones first (fast), the rest through mingo, streamed. */
function* evaluate(
  context: CommandContext,
  collection: Collection | undefined,
  request: FindRequest,
  stages: AnyObject[],
): Generator<Buffer> {
  const { transform, rest, decodedFieldsRead } = compileLeadingStages(toMatchable(stages) as AnyObject[]);
  const source = (function* () {
    if (collection === undefined) return;
    // Fresh decodings: some mingo stages modify their input objects, which must never be the shared cache.
    // Compiled stages also get the stored bytes (fast path): their expressions then decode only what they read.
    const storedBytes = fastPathsEnabled() && transform !== undefined;
    const decodedFields = storedBytes ? decodedFieldsRead : undefined;
    for (const document of findDocuments(collection, request)) {
      const decoded = promoteDocument(document.raw, 0, decodedFields);
      const output = transform === undefined ? decoded : transform(decoded, storedBytes ? document.raw : undefined);
      if (output !== undefined) yield output;
    }
  })();
  // Only compiled stages (which never modify their input) ran: stored sub-documents are passed through unchanged.
  const trustsStoredSources = rest.length === 0 && fastPathsEnabled();
  try {
    const output: { next(): { done?: boolean; value?: unknown } } =
      rest.length === 0
        ? source
        : new Aggregator(rest, { ...mingoOptions, collectionResolver: collectionResolver(context) }).stream(source);
    for (let next = output.next(); next.done !== true; next = output.next()) {
      const restored = restoreStored(next.value, trustsStoredSources);
      yield restored instanceof RawDocument ? restored.bytes : encodeDocument(restored as AnyObject);
    }
  } catch (error) {
    throw toCommandError(error);
  }
}

/** Runs `stages` over documents a diagnostic stage produced (`$collStats`, `$currentOp`). */
function* evaluateOver(
  context: CommandContext,
  documents: readonly AnyObject[],
  stages: AnyObject[],
): Generator<Buffer> {
  try {
    const source = documents[Symbol.iterator]();
    const output: { next(): { done?: boolean; value?: unknown } } =
      stages.length === 0
        ? source
        : new Aggregator(toMatchable(stages) as AnyObject[], {
            ...mingoOptions,
            collectionResolver: collectionResolver(context),
          }).stream(source);
    for (let next = output.next(); next.done !== true; next = output.next())
      yield encodeDocument(restoreStored(next.value) as AnyObject);
  } catch (error) {
    throw toCommandError(error);
  }
}

function results(context: CommandContext, collection: Collection | undefined, pipeline: AnyObject[]): Iterable<Buffer> {
  const { request, rest } = nativePrefix(pipeline);
  if (rest.length === 0) {
    if (collection === undefined) return [];
    return (function* () {
      for (const document of findDocuments(collection, request)) yield document.raw;
    })();
  }
  const group = countGroup(rest[0]);
  if (group !== undefined && rest.length === 1) {
    const total =
      collection === undefined ? 0 : countDocuments(collection, request.filter, request.skip, request.limit);
    return total === 0 ? [] : [encodeDocument({ _id: group.id, [group.field]: total })];
  }
  return evaluate(context, collection, request, rest);
}

const aggregate: CommandHandler = (context) => {
  const body = context.body;
  const target = body['aggregate'];
  const requested = body['pipeline'];
  if (!Array.isArray(requested) || !requested.every(isPlainObject))
    fail(ErrorCode.TypeMismatch, "'pipeline' option must be specified as an array");
  if (isTruthyOption(body['explain'])) return explainAggregate(context);
  const pipeline = substitutePipeline(requested, parseLet(body['let']) ?? new Map<string, unknown>());
  const cursorOption = body['cursor'];
  if (!isPlainObject(cursorOption))
    fail(ErrorCode.FailedToParse, "The 'cursor' option is required, except for aggregate with the explain argument");
  const name = typeof target === 'string' ? target : '$cmd.aggregate';
  const collection = typeof target === 'string' ? context.catalog.get(context.database, target) : undefined;
  for (const stage of pipeline) {
    if (!(Object.keys(stage)[0] ?? '').startsWith('$'))
      fail(ErrorCode.UnrecognizedPipelineStage, `Unrecognized pipeline stage name: '${Object.keys(stage)[0] ?? ''}'`);
  }
  resolveHint(collection, body['hint']);
  const batchSize =
    cursorOption['batchSize'] === undefined ? undefined : toNumberOption(cursorOption['batchSize'], 101);
  const diagnostic = diagnosticSource(context, pipeline);
  const iterable =
    diagnostic === undefined
      ? results(context, collection, pipeline)
      : evaluateOver(context, diagnostic, pipeline.slice(1));
  // mingo errors surface while iterating: pull the first batch inside the command so they become command errors.
  return context.cursors.open(`${context.database}.${name}`, iterable, batchSize);
};

/** aggregate by name. */
export const aggregateCommands: Readonly<Record<string, CommandHandler>> = { aggregate };

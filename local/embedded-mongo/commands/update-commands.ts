/** The update and findAndModify commands. */
import { isPlainObject, isTruthyOption } from '../bson/matchable.ts';
import { RawDocument, type RawValue } from '../bson/raw-writer.ts';
import { ErrorCode, fail } from '../errors.ts';
import { findDocuments } from '../query/find-engine.ts';
import { needsMingo, parseProjection } from '../query/projection.ts';
import { parseSort } from '../query/sort.ts';
import type { StoredDocument } from '../storage/collection.ts';
import { parseUpdate } from '../update/parse-update.ts';
import { collectionName, type CommandHandler, matchableDocument, statements } from './context.ts';
import { resolveHint } from './hint.ts';
import { type LetVariables, parseLet, substituteFilter, substitutePipeline } from './let-variables.ts';
import { checkStatementFields } from './option-policy.ts';
import { projectStored } from './find-commands.ts';
import { executeUpdate } from './update-execution.ts';
import { runStatements } from './write-errors.ts';

type AnyObject = Record<string, unknown>;

/** A pipeline update with `let` references replaced (operator updates cannot use variables). */
function withVariables(update: unknown, variables: LetVariables): unknown {
  return Array.isArray(update) ? substitutePipeline(update as AnyObject[], variables) : update;
}

const update: CommandHandler = (context) => {
  const name = collectionName(context, 'update');
  const ordered = context.body['ordered'] === undefined || isTruthyOption(context.body['ordered']);
  let matched = 0;
  let modified = 0;
  const upserted: { index: number; _id: RawValue }[] = [];
  const updates = statements(context, 'updates');
  for (const statement of updates) checkStatementFields('update', statement);
  const variables = parseLet(context.body['let']) ?? new Map<string, unknown>();
  const writeErrors = runStatements(updates, ordered, (statement, index) => {
    const parsed = parseUpdate(withVariables(statement['u'], variables), statement['arrayFilters']);
    const typedFilter = substituteFilter(isPlainObject(statement['q']) ? statement['q'] : {}, variables);
    const upsert = isTruthyOption(statement['upsert']);
    resolveHint(context.catalog.get(context.database, name), statement['hint']);
    const collection = upsert
      ? context.catalog.getOrCreate(context.database, name)
      : context.catalog.get(context.database, name);
    if (collection === undefined) return;
    const outcome = executeUpdate(collection, {
      typedFilter,
      filter: matchableDocument(typedFilter, 'q'),
      update: parsed,
      multi: isTruthyOption(statement['multi']),
      upsert,
    });
    matched += outcome.matched;
    modified += outcome.modified;
    if (outcome.upsertedId !== undefined) {
      matched += 1;
      upserted.push({ index, _id: outcome.upsertedId });
    }
  });
  return {
    n: matched,
    nModified: modified,
    ...(upserted.length > 0 ? { upserted } : {}),
    ...(writeErrors.length > 0 ? { writeErrors } : {}),
  };
};

function validateFindAndModify(body: AnyObject): void {
  const remove = isTruthyOption(body['remove']);
  const hasUpdate = body['update'] !== undefined;
  if (remove && hasUpdate) fail(ErrorCode.FailedToParse, 'Cannot specify both an update and remove=true');
  if (!remove && !hasUpdate) fail(ErrorCode.FailedToParse, 'Either an update or remove=true must be specified');
  if (remove && isTruthyOption(body['new']))
    fail(
      ErrorCode.FailedToParse,
      "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
    );
  if (remove && isTruthyOption(body['upsert']))
    fail(ErrorCode.FailedToParse, 'Cannot specify both upsert=true and remove=true');
}

const findAndModify: CommandHandler = (context) => {
  const body = context.body;
  validateFindAndModify(body);
  const name = collectionName(context, Object.keys(body)[0] as string);
  const variables = parseLet(body['let']) ?? new Map<string, unknown>();
  resolveHint(context.catalog.get(context.database, name), body['hint']);
  const typedFilter = substituteFilter(isPlainObject(body['query']) ? body['query'] : {}, variables);
  const filter = matchableDocument(typedFilter, 'query');
  const sort = parseSort(body['sort']);
  const fields = isPlainObject(body['fields']) ? body['fields'] : undefined;
  const projection = fields === undefined || needsMingo(fields) ? undefined : parseProjection(fields);
  const present = (document: StoredDocument | undefined): RawDocument | null =>
    document === undefined ? null : new RawDocument(projectStored(document.raw, projection, fields, filter));

  if (isTruthyOption(body['remove'])) {
    const collection = context.catalog.get(context.database, name);
    const [target] = collection === undefined ? [] : [...findDocuments(collection, { filter, sort, limit: 1 })];
    if (collection === undefined || target === undefined) return { lastErrorObject: { n: 0 }, value: null };
    collection.remove([target]);
    return { lastErrorObject: { n: 1 }, value: present(target) };
  }
  const upsert = isTruthyOption(body['upsert']);
  const collection = upsert
    ? context.catalog.getOrCreate(context.database, name)
    : context.catalog.get(context.database, name);
  if (collection === undefined) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
  const outcome = executeUpdate(collection, {
    typedFilter,
    filter,
    update: parseUpdate(withVariables(body['update'], variables), body['arrayFilters']),
    multi: false,
    upsert,
    sort,
  });
  const returnNew = isTruthyOption(body['new']);
  if (outcome.upsertedId !== undefined) {
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: outcome.upsertedId },
      value: returnNew ? present(outcome.after) : null,
    };
  }
  if (outcome.matched === 0) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
  return {
    lastErrorObject: { n: 1, updatedExisting: true },
    value: present(returnNew ? outcome.after : outcome.before),
  };
};

/** update and findAndModify (and its lower-case alias) by name. */
export const updateCommands: Readonly<Record<string, CommandHandler>> = {
  update,
  findAndModify,
  findandmodify: findAndModify,
};

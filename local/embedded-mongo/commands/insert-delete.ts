/** The insert and delete commands: per-document results, `ordered` honoured like MongoDB. */
import { BSON } from 'bson';
import { isTruthyOption, toMatchable, toNumberOption } from '../bson/matchable.ts';
import { findDocuments } from '../query/find-engine.ts';
import { prepareForInsert } from '../storage/prepare-document.ts';
import { collectionName, type CommandHandler, statements } from './context.ts';
import { resolveHint } from './hint.ts';
import { parseLet, substituteFilter } from './let-variables.ts';
import { checkStatementFields } from './option-policy.ts';
import { assertStorableId } from './id-validation.ts';
import { runStatements } from './write-errors.ts';

type AnyObject = Record<string, unknown>;

function isOrdered(body: AnyObject): boolean {
  return body['ordered'] === undefined || isTruthyOption(body['ordered']);
}

const insert: CommandHandler = (context) => {
  const collection = context.catalog.getOrCreate(context.database, collectionName(context, 'insert'));
  const sequence = context.sequences.get('documents');
  const inline = context.body['documents'];
  const documents =
    sequence ??
    (Array.isArray(inline) ? inline.map((document) => Buffer.from(BSON.serialize(document as AnyObject))) : []);
  let inserted = 0;
  const writeErrors = runStatements(documents, isOrdered(context.body), (raw) => {
    assertStorableId(raw);
    collection.insert(prepareForInsert(raw));
    inserted++;
  });
  return { n: inserted, ...(writeErrors.length > 0 ? { writeErrors } : {}) };
};

const deleteCommand: CommandHandler = (context) => {
  const collection = context.catalog.get(context.database, collectionName(context, 'delete'));
  let deleted = 0;
  const deletes = statements(context, 'deletes');
  for (const statement of deletes) checkStatementFields('delete', statement);
  const variables = parseLet(context.body['let']) ?? new Map<string, unknown>();
  const writeErrors = runStatements(deletes, isOrdered(context.body), (statement) => {
    resolveHint(collection, statement['hint']);
    if (collection === undefined) return;
    const limit = toNumberOption(statement['limit'], 0);
    const filter = substituteFilter(toMatchable(statement['q'] ?? {}) as AnyObject, variables);
    const matches = [...findDocuments(collection, { filter, limit: limit === 1 ? 1 : 0 })];
    collection.remove(matches);
    deleted += matches.length;
  });
  return { n: deleted, ...(writeErrors.length > 0 ? { writeErrors } : {}) };
};

/** Insert and delete by name. */
export const insertDeleteCommands: Readonly<Record<string, CommandHandler>> = { insert, delete: deleteCommand };

import type { AnyBulkWriteOperation, Document } from 'mongodb';
import { updateOneOperation } from './bulk-apply.ts';
import { countedHistoryEntries } from './history-conditions.ts';
import { compressedPayloadField } from '#shared/core/session-digest.ts';
import type { HistoryEntrySelector, WeeklyChange, WeeklyWrite } from '#shared/core/weekly-plan.ts';

/**
 * Compiles one lead's weekly changes into at most two update statements (decisions: "One statement per lead"):
 *
 * - **removals** of repeated history entries: one `$pull` of their `_id`s (it shifts positions: bumps `__v`);
 * - **in-place changes**: every compression (`$set` of the blob, `$unset` of the payload fields) and every cookie
 *   removal, each on its own entry through its own array filter; cookie removals bump `__v`, compression alone
 *   leaves it (elements do not move).
 *
 * The two cannot share a statement: MongoDB refuses `$pull` on `sessionHistory` next to updates of
 * `sessionHistory.$[x]` (conflicting paths, code 40). Each array filter selects its entry by session id, `_id`,
 * the `lastAccessedAt` we read and "not compressed", so an entry the app touched meanwhile is left alone.
 *
 * A verified statement also counts, in its filter's `$expr`, that every entry it targets is still there as read:
 * then it is all-or-nothing, and a modified lead means every change of the statement happened. An unverified one
 * (the retry after a miss) applies whatever still holds, and the lead is read back to tell what did.
 */

export interface WeeklyStatement {
  readonly operation: AnyBulkWriteOperation;
  readonly changes: readonly WeeklyChange[];
}

type InPlaceWrite = Exclude<WeeklyWrite, { kind: 'pullHistoryEntryById' }>;

/** The element condition selecting one uncompressed history entry, as the planner saw it (query form). */
function entryCondition(selector: HistoryEntrySelector): Document {
  const condition: Document = { sessionId: selector.sessionId, [compressedPayloadField]: { $exists: false } };
  if (selector.entryId !== null && selector.entryId !== undefined) condition._id = selector.entryId;
  if (selector.lastAccessedAt !== null) condition.lastAccessedAt = selector.lastAccessedAt;
  return condition;
}

const asArrayFilter = (identifier: string, condition: Document): Document =>
  Object.fromEntries(Object.entries(condition).map(([key, value]) => [`${identifier}.${key}`, value]));

const notCompressed: Document = { $eq: [{ $type: `$$e.${compressedPayloadField}` }, 'missing'] };

/**
 * The same selection as `entryCondition`, as an expression on `$$e`. Selectors with an `_id` and a
 * `lastAccessedAt` (all the generator and the app produce) are tested together with one `$in` of
 * `[_id, lastAccessedAt, sessionId]` triples; the others one by one.
 */
function selectorsExpression(selectors: readonly HistoryEntrySelector[]): Document {
  const complete = selectors.filter(
    (selector) => selector.entryId !== null && selector.entryId !== undefined && selector.lastAccessedAt !== null,
  );
  const partial = selectors.filter((selector) => !complete.includes(selector));
  const clauses: Document[] = [];
  if (complete.length > 0) {
    clauses.push({
      $in: [
        ['$$e._id', '$$e.lastAccessedAt', '$$e.sessionId'],
        complete.map((selector) => [selector.entryId, selector.lastAccessedAt, selector.sessionId]),
      ],
    });
  }
  for (const selector of partial) {
    const parts: Document[] = [{ $eq: ['$$e.sessionId', selector.sessionId] }];
    if (selector.entryId !== null && selector.entryId !== undefined) parts.push({ $eq: ['$$e._id', selector.entryId] });
    if (selector.lastAccessedAt !== null) parts.push({ $eq: ['$$e.lastAccessedAt', selector.lastAccessedAt] });
    clauses.push({ $and: parts });
  }
  return { $and: [notCompressed, clauses.length === 1 ? clauses[0] : { $or: clauses }] };
}

function removalStatement(leadId: unknown, changes: readonly WeeklyChange[], verified: boolean): WeeklyStatement {
  const pulls = changes.map((change) => change.write as Extract<WeeklyWrite, { kind: 'pullHistoryEntryById' }>);
  const element =
    pulls.length === 1
      ? { _id: pulls[0]?.entryId, sessionId: pulls[0]?.sessionId }
      : { $or: pulls.map((write) => ({ _id: write.entryId, sessionId: write.sessionId })) };
  const guard = verified
    ? {
        $expr: countedHistoryEntries(
          { $in: [['$$e._id', '$$e.sessionId'], pulls.map((write) => [write.entryId, write.sessionId])] },
          pulls.length,
        ),
      }
    : { sessionHistory: { $elemMatch: element } };
  return {
    operation: updateOneOperation({ _id: leadId, ...guard }, { $pull: { sessionHistory: element }, $inc: { __v: 1 } }),
    changes,
  };
}

function inPlaceStatement(leadId: unknown, changes: readonly WeeklyChange[], verified: boolean): WeeklyStatement {
  const set: Document = {};
  const unset: Document = {};
  const pull: Document = {};
  const arrayFilters: Document[] = [];
  changes.forEach((change, index) => {
    const write = change.write as InPlaceWrite;
    const identifier = `e${index}`;
    arrayFilters.push(asArrayFilter(identifier, entryCondition(write.entry)));
    const path = `sessionHistory.$[${identifier}]`;
    if (write.kind === 'compressEntry') {
      set[`${path}.${compressedPayloadField}`] = write.compressed;
      for (const field of write.unsetFields) unset[`${path}.${field}`] = '';
    } else {
      pull[`${path}.cookies`] = { $or: [...write.cookies] };
    }
  });
  const update: Document = {};
  if (Object.keys(set).length > 0) update.$set = set;
  if (Object.keys(unset).length > 0) update.$unset = unset;
  // Pulling cookies shifts their positions: bump the version key as Mongoose does.
  if (Object.keys(pull).length > 0) Object.assign(update, { $pull: pull, $inc: { __v: 1 } });
  const selectors = changes.map((change) => (change.write as InPlaceWrite).entry);
  const guard = verified
    ? { $expr: countedHistoryEntries(selectorsExpression(selectors), selectors.length) }
    : { sessionHistory: { $elemMatch: { $or: selectors.map(entryCondition) } } };
  return { operation: updateOneOperation({ _id: leadId, ...guard }, update, arrayFilters), changes };
}

/** The statements that apply a lead's weekly changes: at most one removal and one in-place statement. */
export function compileWeeklyStatements(
  leadId: unknown,
  changes: readonly WeeklyChange[],
  verified: boolean,
): WeeklyStatement[] {
  const removals = changes.filter((change) => change.write.kind === 'pullHistoryEntryById');
  const inPlace = changes.filter((change) => change.write.kind !== 'pullHistoryEntryById');
  const statements: WeeklyStatement[] = [];
  if (removals.length > 0) statements.push(removalStatement(leadId, removals, verified));
  if (inPlace.length > 0) statements.push(inPlaceStatement(leadId, inPlace, verified));
  return statements;
}

import type { AnyBulkWriteOperation, Document } from 'mongodb';
import { updateOneOperation } from './bulk-apply.ts';
import { compressedPayloadField } from '#shared/core/session-digest.ts';
import type { HistoryEntrySelector, WeeklyWrite } from '#shared/core/weekly-plan.ts';

/** The element condition selecting one uncompressed history entry, as the planner saw it. */
function entryCondition(selector: HistoryEntrySelector): Document {
  const condition: Document = { sessionId: selector.sessionId, [compressedPayloadField]: { $exists: false } };
  if (selector.entryId !== null && selector.entryId !== undefined) condition._id = selector.entryId;
  if (selector.lastAccessedAt !== null) condition.lastAccessedAt = selector.lastAccessedAt;
  return condition;
}

const asArrayFilter = (condition: Document): Document =>
  Object.fromEntries(Object.entries(condition).map(([key, value]) => [`entry.${key}`, value]));

/**
 * Compiles the weekly writes. Compression changes one element in place through an array filter (`$set` of the
 * blob and `$unset` of the payload fields of the same element), so it leaves the version key alone; removals of
 * history entries or cookies shift positions and bump it.
 */
export function compileWeeklyWrite(leadId: unknown, write: WeeklyWrite): AnyBulkWriteOperation {
  switch (write.kind) {
    case 'pullHistoryEntryById': {
      const element = { _id: write.entryId, sessionId: write.sessionId };
      return updateOneOperation(
        { _id: leadId, sessionHistory: { $elemMatch: element } },
        { $pull: { sessionHistory: element }, $inc: { __v: 1 } },
      );
    }
    case 'pullCookies': {
      const condition = entryCondition(write.entry);
      return updateOneOperation(
        { _id: leadId, sessionHistory: { $elemMatch: condition } },
        { $pull: { 'sessionHistory.$[entry].cookies': { $or: [...write.cookies] } }, $inc: { __v: 1 } },
        [asArrayFilter(condition)],
      );
    }
    case 'compressEntry': {
      const condition = entryCondition(write.entry);
      const unset = Object.fromEntries(write.unsetFields.map((field) => [`sessionHistory.$[entry].${field}`, '']));
      return updateOneOperation(
        { _id: leadId, sessionHistory: { $elemMatch: condition } },
        { $set: { [`sessionHistory.$[entry].${compressedPayloadField}`]: write.compressed }, $unset: unset },
        [asArrayFilter(condition)],
      );
    }
  }
}

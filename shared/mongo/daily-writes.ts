import type { AnyBulkWriteOperation, Document } from 'mongodb';
import { updateOneOperation } from './bulk-apply.ts';
import type { BrowserSessionCondition, DailyWrite, HistoryEntryCondition } from '#shared/core/daily-plan.ts';
import type { InvalidKind } from '#shared/core/session-model.ts';

/**
 * Compiles the core's guarded daily writes into MongoDB update operations. Every condition is expressed on the
 * entry itself, so an entry the app changed meanwhile no longer matches and is left alone. Session ids and dates
 * are values in filters, never parts of an update path (storage keys with dots or `$` never reach a path).
 */

const missingSessionId: Document[] = [
  { sessionId: { $exists: false } },
  { sessionId: { $not: { $type: 'string' } } },
  { sessionId: '' },
];

/** Conditions that an entry (under `prefix`, '' for an array element) is invalid for the given reason. */
export function invalidCondition(kind: InvalidKind, prefix: string): Document {
  const path = (field: string): string => `${prefix}${field}`;
  switch (kind) {
    case 'cookies-not-array':
      return {
        [path('cookies')]: { $exists: true, $not: { $type: 'array' } },
        [path('cookies._encrypted')]: { $ne: true },
      };
    case 'cookie-without-name-or-value':
      return {
        [path('cookies')]: {
          $elemMatch: { $or: [{ name: { $not: { $type: 'string' } } }, { value: { $not: { $type: 'string' } } }] },
        },
      };
    case 'local-storage-wrong-type':
      return {
        $or: [
          { [path('localStorage')]: { $exists: true, $not: { $type: 'object' } } },
          { [path('localStorage')]: { $type: 'array' } },
        ],
      };
    case 'session-storage-wrong-type':
      return {
        $or: [
          { [path('sessionStorage')]: { $exists: true, $not: { $type: 'object' } } },
          { [path('sessionStorage')]: { $type: 'array' } },
        ],
      };
  }
}

/** The `$pull` condition on one `sessionHistory` element. */
export function historyEntryCondition(condition: HistoryEntryCondition): Document {
  switch (condition.kind) {
    case 'withoutSessionId':
      return { $or: missingSessionId };
    case 'createdAtNotDate':
      return { sessionId: condition.sessionId, createdAt: { $not: { $type: 'date' } } };
    case 'createdAtBefore':
      return { sessionId: condition.sessionId, createdAt: { $lt: condition.cutoff } };
    case 'invalid':
      return { sessionId: condition.sessionId, ...invalidCondition(condition.invalid, '') };
    case 'sessionId':
      return { sessionId: condition.sessionId };
  }
}

function browserSessionFilter(condition: BrowserSessionCondition): Document {
  switch (condition.kind) {
    case 'phantom':
      return {
        browserSession: { $type: 'object' },
        $or: missingSessionId.map((clause) => prefixKeys(clause, 'browserSession.')),
      };
    case 'createdAtBefore':
      return { 'browserSession.sessionId': condition.sessionId, 'browserSession.createdAt': { $lt: condition.cutoff } };
    case 'invalid':
      return {
        'browserSession.sessionId': condition.sessionId,
        ...invalidCondition(condition.invalid, 'browserSession.'),
      };
  }
}

function prefixKeys(clause: Document, prefix: string): Document {
  return Object.fromEntries(Object.entries(clause).map(([key, value]) => [`${prefix}${key}`, value]));
}

/** One bulkWrite operation per planned write, each filtered on the lead and its guard. */
export function compileDailyWrite(leadId: unknown, write: DailyWrite): AnyBulkWriteOperation {
  switch (write.kind) {
    case 'pullHistoryEntries': {
      const element = historyEntryCondition(write.condition);
      const notCurrent =
        write.onlyIfNotCurrent === null
          ? {}
          : {
              currentSessionId: { $ne: write.onlyIfNotCurrent },
              'browserSession.sessionId': { $ne: write.onlyIfNotCurrent },
            };
      // Removing elements shifts positions: bump the version key as Mongoose does, so the app's stale
      // positional saves fail and retry instead of updating the wrong session.
      return updateOneOperation(
        { _id: leadId, sessionHistory: { $elemMatch: element }, ...notCurrent },
        { $pull: { sessionHistory: element }, $inc: { __v: 1 } },
      );
    }
    case 'unsetBrowserSession':
      return updateOneOperation(
        { _id: leadId, ...browserSessionFilter(write.condition) },
        { $unset: { browserSession: '' } },
      );
    case 'clearCurrentSessionId': {
      const dangling = write.onlyIfDangling
        ? { 'browserSession.sessionId': { $ne: write.sessionId }, 'sessionHistory.sessionId': { $ne: write.sessionId } }
        : {};
      return updateOneOperation(
        { _id: leadId, currentSessionId: write.sessionId, ...dangling },
        { $set: { currentSessionId: null } },
      );
    }
  }
}

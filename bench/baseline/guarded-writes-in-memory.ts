import { isDocument, isValidDate } from '#shared/core/bson-type.ts';
import type { BrowserSessionCondition, DailyWrite, HistoryEntryCondition } from '#shared/core/daily-plan.ts';
import type { InvalidKind } from '#shared/core/session-model.ts';

/**
 * The guarded daily writes that shared/mongo/daily-writes.ts compiles (`compileLeadStatement`: one all-or-nothing
 * statement per lead; `compileFallbackStatements`: one per guard shape when that one missed), applied to a lead held
 * in memory instead of by the database, with the same guards and the same `$pull` conditions
 * (shared/mongo/history-conditions.ts), so that the straightforward approach ends in exactly the state the
 * pipeline's bulkWrite leaves. Values are as the driver returns them with
 * `promoteValues: false` (strings and dates plain, numbers wrapped).
 *
 * Scope: `sessionHistory` elements and cookies that are documents, as in every generated lead; MongoDB's
 * matching of scalar elements against field conditions is not reproduced (the planner never targets them).
 */

type Entry = Record<string, unknown>;

/** The lead being edited, and what changed (which fields the single update must write). */
export interface LeadEdit {
  readonly lead: Entry;
  historyChanged: boolean;
  browserSessionRemoved: boolean;
  pointerCleared: boolean;
  /**
   * `$pull` writes that matched. The pipeline's statement bumps `__v` once per lead whatever their number
   * (daily-writes.ts `pullUpdate`): naive-daily.ts turns this into at most one `$inc` per lead and run.
   */
  versionIncrements: number;
}

export function startEdit(lead: Entry): LeadEdit {
  return { lead, historyChanged: false, browserSessionRemoved: false, pointerCleared: false, versionIncrements: 0 };
}

/** `{sessionId: {$exists: false}}`, `{sessionId: {$not: {$type: 'string'}}}` or `{sessionId: ''}`. */
const lacksSessionId = (entry: Entry): boolean => typeof entry.sessionId !== 'string' || entry.sessionId === '';

/** `{field: {$exists: true, $not: {$type: 'object'}}}` or `{field: {$type: 'array'}}`. */
const presentButNotDocument = (value: unknown): boolean => value !== undefined && !isDocument(value);

/** history-conditions.ts `invalidCondition(kind, prefix)` on the entry itself. */
function isInvalidFor(kind: InvalidKind, entry: Entry): boolean {
  switch (kind) {
    case 'cookies-not-array': {
      const cookies = entry.cookies;
      const encrypted = isDocument(cookies) && cookies._encrypted === true;
      return cookies !== undefined && !Array.isArray(cookies) && !encrypted;
    }
    case 'cookie-without-name-or-value':
      return (
        Array.isArray(entry.cookies) &&
        entry.cookies.some(
          (cookie) => isDocument(cookie) && (typeof cookie.name !== 'string' || typeof cookie.value !== 'string'),
        )
      );
    case 'local-storage-wrong-type':
      return presentButNotDocument(entry.localStorage);
    case 'session-storage-wrong-type':
      return presentButNotDocument(entry.sessionStorage);
  }
}

const createdBefore = (entry: Entry, cutoff: Date): boolean =>
  isValidDate(entry.createdAt) && entry.createdAt.getTime() < cutoff.getTime();

/**
 * The `$pull` condition on one `sessionHistory` element: one condition of history-conditions.ts
 * `historyPullCondition` (which groups a lead's conditions into one `$pull`).
 */
function matchesHistoryCondition(condition: HistoryEntryCondition, entry: Entry): boolean {
  switch (condition.kind) {
    case 'withoutSessionId':
      return lacksSessionId(entry);
    case 'createdAtNotDate':
      return entry.sessionId === condition.sessionId && !isValidDate(entry.createdAt);
    case 'createdAtBefore':
      return entry.sessionId === condition.sessionId && createdBefore(entry, condition.cutoff);
    case 'invalid':
      return entry.sessionId === condition.sessionId && isInvalidFor(condition.invalid, entry);
    case 'sessionId':
      return entry.sessionId === condition.sessionId;
  }
}

/** daily-writes.ts `browserSessionGuard`: the filter clause of an `$unset` of `browserSession`. */
function matchesBrowserSessionCondition(condition: BrowserSessionCondition, browserSession: unknown): boolean {
  if (!isDocument(browserSession)) return false;
  switch (condition.kind) {
    case 'phantom':
      return lacksSessionId(browserSession);
    case 'createdAtBefore':
      return browserSession.sessionId === condition.sessionId && createdBefore(browserSession, condition.cutoff);
    case 'invalid':
      return browserSession.sessionId === condition.sessionId && isInvalidFor(condition.invalid, browserSession);
  }
}

const browserSessionIdIs = (lead: Entry, sessionId: string): boolean =>
  isDocument(lead.browserSession) && lead.browserSession.sessionId === sessionId;

/** `{'sessionHistory.sessionId': sessionId}`: an element of the array, or the lone document stored instead. */
function historyHolds(lead: Entry, sessionId: string): boolean {
  const history = lead.sessionHistory;
  if (Array.isArray(history)) return history.some((entry) => isDocument(entry) && entry.sessionId === sessionId);
  return isDocument(history) && history.sessionId === sessionId;
}

function pullHistoryEntries(edit: LeadEdit, write: Extract<DailyWrite, { kind: 'pullHistoryEntries' }>): boolean {
  const history = edit.lead.sessionHistory;
  if (!Array.isArray(history)) return false;
  const matches = (entry: unknown): boolean => isDocument(entry) && matchesHistoryCondition(write.condition, entry);
  if (!history.some(matches)) return false;
  const current = write.onlyIfNotCurrent;
  if (current !== null && (edit.lead.currentSessionId === current || browserSessionIdIs(edit.lead, current)))
    return false;
  edit.lead.sessionHistory = history.filter((entry) => !matches(entry));
  edit.historyChanged = true;
  edit.versionIncrements += 1;
  return true;
}

function unsetBrowserSession(edit: LeadEdit, write: Extract<DailyWrite, { kind: 'unsetBrowserSession' }>): boolean {
  if (!matchesBrowserSessionCondition(write.condition, edit.lead.browserSession)) return false;
  delete edit.lead.browserSession;
  edit.browserSessionRemoved = true;
  return true;
}

function clearCurrentSessionId(edit: LeadEdit, write: Extract<DailyWrite, { kind: 'clearCurrentSessionId' }>): boolean {
  const lead = edit.lead;
  if (lead.currentSessionId !== write.sessionId) return false;
  if (write.onlyIfDangling && (browserSessionIdIs(lead, write.sessionId) || historyHolds(lead, write.sessionId))) {
    return false;
  }
  lead.currentSessionId = null;
  edit.pointerCleared = true;
  return true;
}

/** Applies one guarded write to the lead in memory; true when it changed the lead (the database's `nModified`). */
export function applyWriteInMemory(edit: LeadEdit, write: DailyWrite): boolean {
  switch (write.kind) {
    case 'pullHistoryEntries':
      return pullHistoryEntries(edit, write);
    case 'unsetBrowserSession':
      return unsetBrowserSession(edit, write);
    case 'clearCurrentSessionId':
      return clearCurrentSessionId(edit, write);
  }
}

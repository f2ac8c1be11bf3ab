import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { ObjectId } from 'mongodb';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { readArchives, type ArchivedChange } from './archive.ts';
import {
  itemOperation,
  leadStatement,
  restoreItemsOf,
  type LeadStatement,
  type RestoreItem,
  type RestoreItemKind,
} from './restore-items.ts';
import { exactTypes, presenceIn, restoreConditionFields } from './restore-presence.ts';

export interface RestoreResult {
  readonly changesRead: number;
  readonly historyEntriesRestored: number;
  readonly browserSessionsRestored: number;
  readonly currentSessionIdsRestored: number;
  /** Archived items already present in their lead (restoring them again would duplicate them). */
  readonly alreadyPresent: number;
  /**
   * The run's own units: archived changes put back, by the reason the run recorded (daily: `expired`, `orphaned`,
   * `overLimit`, `invalid`; weekly: `compress`, `optimize`, `deduplicate`), split into sessions (what the run counted
   * as "sessions removed" or "sessions compressed") and other items (entries without a session id, phantom
   * `browserSession`s, dangling pointers), so a restore reads against the run's summary line by line.
   */
  readonly restoredByReason: Readonly<Record<string, { readonly sessions: number; readonly otherItems: number }>>;
}

/** Daily removals that take out an entry or pointer rather than a session (the run counts them as entries). */
const notSessionDetails = new Set(['missing-session-id', 'phantom-browser-session', 'dangling-current-session-id']);

/** Leads restored at the same time: their statements overlap their round trips. */
const leadsInFlight = 8;

interface LeadChanges {
  readonly leadId: unknown;
  readonly changes: { readonly change: ArchivedChange; readonly items: RestoreItem[] }[];
}

/** Items put back per kind, per change: what the restore reports. */
type RestoredCounts = Record<RestoreItemKind, number>;

// A lead whose `_id` is not an ObjectId is named by its stored `_id` (leadKey), with its BSON type.
const storedLeadId = (change: ArchivedChange): unknown =>
  change.leadKey !== undefined ? change.leadKey : new ObjectId(change.leadId);

function groupByLead(changes: readonly ArchivedChange[]): LeadChanges[] {
  const leads = new Map<string, { leadId: unknown; changes: LeadChanges['changes'] }>();
  for (const change of changes) {
    const key = `${change.leadKey === undefined ? 'objectId' : typeof change.leadKey}:${change.leadId}`;
    const lead = leads.get(key) ?? { leadId: storedLeadId(change), changes: [] };
    lead.changes.push({ change, items: restoreItemsOf(change) });
    leads.set(key, lead);
  }
  return [...leads.values()];
}

async function modified(leads: Collection<Document>, operations: AnyBulkWriteOperation[]): Promise<number> {
  if (operations.length === 0) return 0;
  const result = await leads.bulkWrite(operations, { ordered: false });
  return result.modifiedCount;
}

/** One change at a time, item kind by item kind: what was put back is known per change from the server's counts. */
async function restoreChangeByChange(leads: Collection<Document>, lead: LeadChanges): Promise<RestoredCounts[]> {
  const restored: RestoredCounts[] = [];
  for (const { items } of lead.changes) {
    const ofKind = (kind: RestoreItemKind) =>
      items.filter((item) => item.kind === kind).map((item) => itemOperation(lead.leadId, item));
    restored.push({
      history: await modified(leads, ofKind('history')),
      browserSession: await modified(leads, ofKind('browserSession')),
      pointer: await modified(leads, ofKind('pointer')),
    });
  }
  return restored;
}

/** Whether the leads restored so far were found restored already: the next lead is then read before any write. */
interface RestoreTrend {
  alreadyRestored: boolean;
}

const countsOf = (lead: LeadChanges, restored: (item: RestoreItem) => boolean): RestoredCounts[] =>
  lead.changes.map(({ items }) => {
    const countOf = (kind: RestoreItemKind) => items.filter((item) => item.kind === kind && restored(item)).length;
    return { history: countOf('history'), browserSession: countOf('browserSession'), pointer: countOf('pointer') };
  });

/** Sends a lead's all-or-nothing statement: true when it put every one of its items back. */
async function appliedWhole(leads: Collection<Document>, statement: LeadStatement): Promise<boolean> {
  const options = statement.arrayFilters ? { arrayFilters: statement.arrayFilters } : {};
  const result = await leads.updateOne(statement.filter, statement.update, options);
  return result.modifiedCount === 1;
}

/**
 * A lead's items in one statement when they can share one and all still apply (the common case: a first restore).
 * When a condition was false (a second restore, or the app wrote meanwhile), the lead is read once, and the items
 * it certainly holds already are counted as present without a statement of their own ({@link presenceIn}); the
 * others go back in one statement again, or, when that fails too or they cannot share one, change by change, so
 * that items already present are told apart exactly. Once a lead is found fully restored already, the next ones
 * are read first: a second restore then costs one read per lead and no write.
 */
async function restoreLead(
  leads: Collection<Document>,
  lead: LeadChanges,
  trend: RestoreTrend,
): Promise<RestoredCounts[]> {
  const items = lead.changes.flatMap((change) => change.items);
  const statement = leadStatement(lead.leadId, items);
  if (!trend.alreadyRestored) {
    if (statement === null) return restoreChangeByChange(leads, lead);
    if (await appliedWhole(leads, statement)) return countsOf(lead, () => true);
  }
  const byId: Document = { _id: lead.leadId };
  const stored = await leads.findOne(byId, { projection: restoreConditionFields, ...exactTypes });
  const present = presenceIn(stored);
  const missing = items.filter((item) => !present(item));
  trend.alreadyRestored = missing.length === 0;
  if (missing.length === 0) return countsOf(lead, () => false);
  const rest = statement === null ? null : leadStatement(lead.leadId, missing);
  if (rest !== null && (await appliedWhole(leads, rest))) {
    const putBack = new Set(missing);
    return countsOf(lead, (item) => putBack.has(item));
  }
  return restoreChangeByChange(leads, lead);
}

/**
 * Puts back what a run removed or rewrote, from its archive: all of it, or one lead's. Idempotent: an item that
 * is present again is not duplicated, so restoring twice changes nothing the second time.
 */
export async function restoreRun(
  deps: { readonly leads: Collection<Document>; readonly store: ObjectStore },
  runId: string,
  options: { readonly leadId?: string } = {},
): Promise<RestoreResult> {
  const archives = await readArchives(deps.store, runId);
  if (archives.length === 0) throw new Error(`no archive found for run ${runId} in ${deps.store.description}`);
  const changes = archives
    .flatMap((archive) => archive.changes)
    .filter((change) => options.leadId === undefined || change.leadId === options.leadId);
  let historyEntriesRestored = 0;
  let browserSessionsRestored = 0;
  let currentSessionIdsRestored = 0;
  let attempted = 0;
  const restoredByReason: Record<string, { sessions: number; otherItems: number }> = {};
  const tally = (change: ArchivedChange, restored: RestoredCounts, items: readonly RestoreItem[]): void => {
    attempted += items.length;
    historyEntriesRestored += restored.history;
    browserSessionsRestored += restored.browserSession;
    currentSessionIdsRestored += restored.pointer;
    if (restored.history + restored.browserSession + restored.pointer === 0) return;
    const byReason = (restoredByReason[change.reason] ??= { sessions: 0, otherItems: 0 });
    if (change.sessionId !== null && !notSessionDetails.has(change.detail ?? '')) byReason.sessions += 1;
    else byReason.otherItems += 1;
  };
  const trend: RestoreTrend = { alreadyRestored: false };
  const pending = groupByLead(changes).filter((lead) => lead.changes.some(({ items }) => items.length > 0));
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let lead = pending[next++]; lead !== undefined; lead = pending[next++]) {
      const restored = await restoreLead(deps.leads, lead, trend);
      lead.changes.forEach(({ change, items }, index) => tally(change, restored[index] as RestoredCounts, items));
    }
  };
  await Promise.all(Array.from({ length: leadsInFlight }, worker));
  return {
    changesRead: changes.length,
    historyEntriesRestored,
    browserSessionsRestored,
    currentSessionIdsRestored,
    alreadyPresent: attempted - historyEntriesRestored - browserSessionsRestored - currentSessionIdsRestored,
    restoredByReason,
  };
}

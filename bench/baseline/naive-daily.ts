import type { Collection, Document, UpdateFilter } from 'mongodb';
import { cutoffBefore, type MaintenancePolicy } from '#shared/core/config.ts';
import { removalReasons, type PlannedRemoval, type RemovalReason } from '#shared/core/daily-plan.ts';
import { planDailyCleanup } from '#shared/core/daily-planner.ts';
import { digestLead } from '#shared/core/session-digest.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { increment, type CountTree } from '#shared/jobs/counters.ts';
import { applyWriteInMemory, startEdit, type LeadEdit } from './guarded-writes-in-memory.ts';

/**
 * The straightforward daily cleanup: the original system's access pattern (contract, section 4) on the same
 * rules. One scan per rule, each loading every matching lead whole into memory (no projection), deciding that
 * rule's removals per lead with the same pure core, and one `updateOne` per changed lead that writes its session
 * fields back whole (`$set` of the whole `sessionHistory` array), awaited one after the other like `save()` in a loop.
 */

export interface NaiveOptions {
  readonly now: Date;
  readonly policy: MaintenancePolicy;
}

export interface ScanFigures {
  readonly rule: RemovalReason;
  readonly leadsLoaded: number;
  readonly leadsUpdated: number;
  readonly loadMs: number;
  readonly writeMs: number;
}

export interface NaiveDetails {
  readonly scans: readonly ScanFigures[];
  readonly counts: CountTree;
}

/**
 * The leads each scan loads. Rules that a query can express narrow the scan (that only helps this approach);
 * the others need every lead: orphans (phantoms, dangling pointers) and invalid payload types are found by
 * looking at each document, as the original did.
 */
function scanFilter(rule: RemovalReason, cutoff: Date, maxSessionsPerLead: number): Document {
  switch (rule) {
    case 'orphaned':
    case 'invalid':
      return {};
    case 'expired':
      return {
        $or: [{ 'browserSession.createdAt': { $lt: cutoff } }, { 'sessionHistory.createdAt': { $lt: cutoff } }],
      };
    case 'overLimit':
      return { [`sessionHistory.${String(maxSessionsPerLead)}`]: { $exists: true } };
  }
}

/** The one update that writes a changed lead back: its session fields whole, as `save()` of the document would. */
function updateOf(edit: LeadEdit): UpdateFilter<Document> {
  const set: Document = {};
  if (edit.historyChanged) set.sessionHistory = edit.lead.sessionHistory;
  if (edit.pointerCleared) set.currentSessionId = edit.lead.currentSessionId;
  const update: Document = {};
  if (Object.keys(set).length > 0) update.$set = set;
  if (edit.browserSessionRemoved) update.$unset = { browserSession: '' };
  if (edit.versionIncrements > 0) update.$inc = { __v: edit.versionIncrements };
  return update;
}

function countRemoval(counts: Record<string, number | CountTree>, removal: PlannedRemoval): void {
  increment(counts, ['sessionsRemoved', removal.reason], removal.sessions);
  increment(counts, ['entriesRemoved', removal.reason], removal.entries);
  if (removal.detail !== null) increment(counts, ['removedByDetail', removal.detail]);
}

async function scan(
  leads: Collection<Document>,
  rule: RemovalReason,
  options: NaiveOptions,
  counts: Record<string, number | CountTree>,
  changedLeads: Set<string>,
  versionBumped: Set<string>,
): Promise<ScanFigures> {
  const cutoff = cutoffBefore(options.now, options.policy.sessionExpiryDays);
  const loadStarted = performance.now();
  // Whole documents, BSON values not promoted, so that writing them back changes no type.
  const documents = await leads
    .find(scanFilter(rule, cutoff, options.policy.maxSessionsPerLead), { promoteValues: false, promoteBuffers: false })
    .toArray();
  const loadMs = performance.now() - loadStarted;
  const writeStarted = performance.now();
  let leadsUpdated = 0;
  for (const lead of documents) {
    const plan = planDailyCleanup(classifyLead(digestLead(lead)), options);
    const removals = plan.removals.filter((removal) => removal.reason === rule);
    if (removals.length === 0) continue;
    const edit = startEdit(lead);
    for (const removal of removals) {
      const changed = removal.writes.map((write) => applyWriteInMemory(edit, write));
      if (changed.some(Boolean)) countRemoval(counts, removal);
    }
    const update = updateOf(edit);
    // The pipeline's one statement per lead bumps `__v` once per run, however many entries and rules it removes.
    if (update.$inc !== undefined) {
      if (versionBumped.has(String(lead._id))) delete update.$inc;
      else update.$inc = { __v: 1 };
      versionBumped.add(String(lead._id));
    }
    if (Object.keys(update).length === 0) continue;
    await leads.updateOne({ _id: lead._id }, update);
    leadsUpdated += 1;
    changedLeads.add(String(lead._id));
  }
  return { rule, leadsLoaded: documents.length, leadsUpdated, loadMs, writeMs: performance.now() - writeStarted };
}

/** Runs the four scans in the order of the rules' precedence (orphaned, expired, invalid, over limit). */
export async function runNaiveDaily(leads: Collection<Document>, options: NaiveOptions): Promise<NaiveDetails> {
  const counts: Record<string, number | CountTree> = {};
  const scans: ScanFigures[] = [];
  const changedLeads = new Set<string>();
  const versionBumped = new Set<string>();
  for (const rule of removalReasons) scans.push(await scan(leads, rule, options, counts, changedLeads, versionBumped));
  counts.leadsWithChanges = changedLeads.size;
  return { scans, counts };
}

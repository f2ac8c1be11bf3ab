import type { Document } from 'mongodb';
import type { LeadWeeklyPlan, WeeklyChange } from '#shared/core/weekly-plan.ts';
import { type PreparedWeeklyPlan, prepareWeeklyMaintenance, type WeeklyContext } from '#shared/core/weekly-planner.ts';
import { applyWeeklyPlans } from '#shared/mongo/apply-weekly.ts';
import { batchFilter, type BatchDescriptor } from '#shared/mongo/batch-boundaries.ts';
import { readLeadSessionsWithStoredEntries } from '#shared/mongo/lead-sessions.ts';
import { archivedLeadId, type ArchivedChange } from './archive.ts';
import { recordBeforeApply } from './before-apply.ts';
import { journalKey, openBatchJournal } from './batch-journal.ts';
import { CompressionWorkers } from './compression-workers.ts';
import { addCounts, increment, type CountTree } from './counters.ts';
import { writeBatchPlan } from './dry-run-plan.ts';
import { originalEntryLookup } from './original-entries.ts';
import type { JobDependencies } from './ports.ts';
import { runPolicy, type RunContext } from './run-context.ts';

function countChange(counts: Record<string, number | CountTree>, change: WeeklyChange): void {
  if (change.kind === 'compress') {
    increment(counts, ['sessionsCompressed']);
    if (change.write.kind === 'compressEntry') {
      increment(counts, ['compressedOriginalBytes'], change.write.compressed.originalBytes);
      increment(counts, ['compressedStoredBytes'], change.write.compressed.storedBytes);
    }
  }
  if (change.kind === 'optimize') increment(counts, ['sessionsOptimized']);
  increment(counts, ['historyEntriesDeduplicated'], change.historyEntriesRemoved);
  increment(counts, ['expiredCookiesRemoved'], change.expiredCookiesRemoved);
  increment(counts, ['duplicateCookiesRemoved'], change.duplicateCookiesRemoved);
}

/**
 * Processes one batch of the weekly maintenance.
 *
 * 1. Read the batch's leads with their full session fields, BSON values not promoted (one find), keeping the
 *    history entries' stored bytes for the archive.
 * 2. Plan each lead: deduplicate repeated history entries, optimise cookies, compress old sessions.
 * 3. Dry run: write the plan and stop. Otherwise journal each lead's planned counts, archive the entries whose data
 *    a change drops, apply all changes in one bulkWrite, and count what really changed, with the bytes the
 *    database saved, adding what an earlier attempt of this batch changed (batch-journal.ts).
 */
export async function processWeeklyBatch(
  deps: JobDependencies,
  run: RunContext,
  batch: BatchDescriptor,
): Promise<CountTree> {
  const now = new Date(run.scheduledTime);
  const policy = runPolicy(run, deps.policy);
  const { leads, storedEntry } = await readLeadSessionsWithStoredEntries(deps.leads, batchFilter(batch));
  const counts: Record<string, number | CountTree> = { leadsScanned: leads.length };
  const plans: LeadWeeklyPlan[] = [];
  const archive: ArchivedChange[] = [];
  let plannedBytesSaved = 0;
  for (const { lead, plan } of await planLeads(leads, { now, policy })) {
    for (const skip of plan.skipped) increment(counts, ['skipped', skip.reason]);
    if (plan.changes.length === 0) continue;
    plans.push(plan);
    plannedBytesSaved += plan.bytesSaved;
    // Every change is archived, plain compressions too (they drop nothing): restoring the run then puts every
    // rewritten entry back byte for byte, and reports in the run's own counts (decision 28).
    const originalEntry = originalEntryLookup(lead);
    for (const change of plan.changes) {
      const entry = originalEntry(change);
      archive.push({
        ...archivedLeadId(lead._id),
        reason: change.kind,
        detail: null,
        sessionId: change.sessionId,
        // The bytes the database sent, copied verbatim into the archive (spliced-bson.ts): the same bytes encoding
        // the decoded entry again would write, at a fraction of the cost.
        historyEntries: [storedEntry(entry) ?? entry],
      });
    }
  }
  counts.leadsWithChanges = plans.length;
  if (run.dryRun) {
    for (const plan of plans) for (const change of plan.changes) countChange(counts, change);
    counts.bytesSaved = plannedBytesSaved;
    await writeBatchPlan(
      deps.store,
      run,
      batch.index,
      plans.map((plan) => ({
        leadId: String(plan.leadId),
        changes: plan.changes.map((change) => ({ reason: change.kind, sessionId: change.sessionId })),
      })),
    );
    return counts;
  }
  const planned = Object.fromEntries(plans.map((plan) => [journalKey(plan.leadId), plannedCounts(plan)]));
  const { journal, archivedChanges } = await recordBeforeApply(
    deps,
    run,
    batch.index,
    openBatchJournal(deps, run, batch.index),
    planned,
    archive,
  );
  if (archivedChanges !== null) counts.archivedChanges = archivedChanges;
  const before = new Map(leads.map((lead) => [String(lead._id), lead]));
  const result = await applyWeeklyPlans(deps.leads, plans, before);
  for (const applied of result.changes) {
    if (applied.outcome === 'applied') countChange(counts, applied.change);
    else increment(counts, [applied.outcome, applied.change.kind]);
  }
  counts.bytesSaved = result.bytesSaved;
  return addCounts(counts, journal.earlierChanges(planned));
}

/** This process's compression workers, started on first use; idle, they do not keep the process alive. */
const compressionWorkers = new CompressionWorkers();

/**
 * Leads whose payloads may wait in the compression workers at once. Enough to keep the workers busy while this
 * thread plans (a lead's payloads are one message); few enough that a batch's uncompressed payloads, and their
 * copies in the workers' queues, are never all in memory together.
 */
const compressionWindowLeads = 16;

/**
 * Plans every lead of a batch, its payloads compressed on worker threads while this thread plans the next leads
 * (the core plans synchronously: prepareWeeklyMaintenance, then complete with the compressed bytes), at most
 * `compressionWindowLeads` leads ahead of the oldest one not yet completed.
 */
async function planLeads(
  leads: readonly Document[],
  context: WeeklyContext,
): Promise<{ lead: Document; plan: LeadWeeklyPlan }[]> {
  type Pending = { lead: Document; prepared: PreparedWeeklyPlan; compressed: Promise<Uint8Array[]> };
  const inFlight: Pending[] = [];
  const planned: { lead: Document; plan: LeadWeeklyPlan }[] = [];
  const completeOldest = async (): Promise<void> => {
    const oldest = inFlight.shift();
    if (oldest !== undefined)
      planned.push({ lead: oldest.lead, plan: oldest.prepared.complete(await oldest.compressed) });
  };
  for (const lead of leads) {
    if (inFlight.length >= compressionWindowLeads) await completeOldest();
    const prepared = prepareWeeklyMaintenance(lead, context);
    const compressed = compressionWorkers.compress(prepared.payloadsToCompress);
    // Awaited in order; a failure meanwhile must not count as unhandled.
    compressed.catch(() => undefined);
    inFlight.push({ lead, prepared, compressed });
  }
  while (inFlight.length > 0) await completeOldest();
  return planned;
}

/** What a lead's changes count once applied (the batch journal's entry for the lead). */
function plannedCounts(plan: LeadWeeklyPlan): CountTree {
  const counts: Record<string, number | CountTree> = { leadsWithChanges: 1, bytesSaved: plan.bytesSaved };
  for (const change of plan.changes) countChange(counts, change);
  return counts;
}

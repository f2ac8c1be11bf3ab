import { cutoffBefore } from '#shared/core/config.ts';
import type { LeadDailyPlan, PlannedRemoval } from '#shared/core/daily-plan.ts';
import { planDailyCleanup } from '#shared/core/daily-planner.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { applyDailyPlans } from '#shared/mongo/apply-daily.ts';
import { batchFilter, type BatchDescriptor } from '#shared/mongo/batch-boundaries.ts';
import { readLeadDigests } from '#shared/mongo/lead-digests.ts';
import { archivedLeadId, writeArchive, type ArchivedChange } from './archive.ts';
import { journalKey, openBatchJournal } from './batch-journal.ts';
import { addCounts, increment, type CountTree } from './counters.ts';
import { writeBatchPlan } from './dry-run-plan.ts';
import type { JobDependencies } from './ports.ts';
import { entriesRemovedBy, isArchivable } from './removal-entries.ts';
import { runPolicy, type RunContext } from './run-context.ts';

const hex = (id: unknown): string => String(id);

function archivedChange(
  leadId: unknown,
  removal: PlannedRemoval,
  stored: { location: { kind: string }; digest: { stored?: unknown } }[],
): ArchivedChange {
  const current = stored.find((entry) => entry.location.kind === 'current');
  const clearsPointer = removal.writes.some((write) => write.kind === 'clearCurrentSessionId');
  return {
    ...archivedLeadId(leadId),
    reason: removal.reason,
    detail: removal.detail,
    sessionId: removal.sessionId,
    ...(current ? { browserSession: current.digest.stored } : {}),
    ...(clearsPointer && removal.sessionId !== null ? { currentSessionId: removal.sessionId } : {}),
    historyEntries: stored.filter((entry) => entry.location.kind === 'history').map((entry) => entry.digest.stored),
  };
}

function countRemoval(counts: Record<string, number | CountTree>, removal: PlannedRemoval, outcome: string): void {
  if (outcome !== 'applied' && outcome !== 'planned') {
    increment(counts, [outcome, removal.reason]);
    return;
  }
  increment(counts, ['sessionsRemoved', removal.reason], removal.sessions);
  increment(counts, ['entriesRemoved', removal.reason], removal.entries);
  if (removal.detail !== null) increment(counts, ['removedByDetail', removal.detail]);
}

/**
 * Processes one batch of the daily cleanup.
 *
 * 1. Read the batch's leads as digests (one aggregate; stored copies only of removal candidates).
 * 2. Classify each lead and plan its removals with the run's policy and reference time.
 * 3. Keep only removals whose entries can be archived; count the others as not archivable.
 * 4. Dry run: write the plan (ids and reasons) and stop. Otherwise journal each lead's planned counts, write the
 *    archive, then apply the plans in one bulkWrite and count what really changed, adding what an earlier attempt
 *    of this batch changed (batch-journal.ts).
 */
export async function processDailyBatch(
  deps: JobDependencies,
  run: RunContext,
  batch: BatchDescriptor,
): Promise<CountTree> {
  const now = new Date(run.scheduledTime);
  const policy = runPolicy(run, deps.policy);
  const cutoff = cutoffBefore(now, policy.sessionExpiryDays);
  const digests = await readLeadDigests(deps.leads, batchFilter(batch), {
    archiveCandidates: { cutoff, maxSessionsPerLead: policy.maxSessionsPerLead },
  });
  const counts: Record<string, number | CountTree> = { leadsScanned: digests.length };
  const plans: LeadDailyPlan[] = [];
  const archive: ArchivedChange[] = [];
  for (const digest of digests) {
    const classified = classifyLead(digest);
    const plan = planDailyCleanup(classified, { now, policy });
    for (const note of plan.notes) increment(counts, ['notes', note.kind]);
    const removals = plan.removals.filter((removal) => {
      const entries = entriesRemovedBy(removal, classified, digest, cutoff);
      if (!isArchivable(entries)) {
        increment(counts, ['notArchivable', removal.reason]);
        return false;
      }
      archive.push(archivedChange(digest._id, removal, entries));
      return true;
    });
    if (removals.length > 0) plans.push({ ...plan, removals });
  }
  counts.leadsWithChanges = plans.length;
  if (run.dryRun) {
    for (const plan of plans) for (const removal of plan.removals) countRemoval(counts, removal, 'planned');
    await writeBatchPlan(
      deps.store,
      run,
      batch.index,
      plans.map((plan) => ({
        leadId: hex(plan.leadId),
        changes: plan.removals.map((removal) => ({
          reason: removal.reason,
          detail: removal.detail,
          sessionId: removal.sessionId,
        })),
      })),
    );
    return counts;
  }
  const journal = await openBatchJournal(deps, run, batch.index);
  const planned = Object.fromEntries(plans.map((plan) => [journalKey(plan.leadId), plannedCounts(plan)]));
  await journal.record(planned);
  if (archive.length > 0) {
    counts.archivedChanges = await writeArchive(deps.store, {
      schemaVersion: 1,
      runId: run.runId,
      job: run.job,
      batchIndex: batch.index,
      archivedAt: deps.now().toISOString(),
      changes: archive,
    });
  }
  const applied = await applyDailyPlans(deps.leads, plans);
  for (const result of applied) countRemoval(counts, result.removal, result.outcome);
  return addCounts(counts, journal.earlierChanges(planned));
}

/** What a lead's removals count once applied (the batch journal's entry for the lead). */
function plannedCounts(plan: LeadDailyPlan): CountTree {
  const counts: Record<string, number | CountTree> = { leadsWithChanges: 1 };
  for (const removal of plan.removals) countRemoval(counts, removal, 'applied');
  return counts;
}

import { cutoffBefore } from '#shared/core/config.ts';
import type { LeadDailyPlan, PlannedRemoval } from '#shared/core/daily-plan.ts';
import type { LeadDigest } from '#shared/core/session-digest.ts';
import { planDailyCleanup } from '#shared/core/daily-planner.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { applyDailyPlans } from '#shared/mongo/apply-daily.ts';
import { batchFilter, type BatchDescriptor } from '#shared/mongo/batch-boundaries.ts';
import { readLeadDigests } from '#shared/mongo/lead-digests.ts';
import { readStoredEntries, storedEntriesKey, type StoredEntriesRequest } from '#shared/mongo/stored-entries.ts';
import { archivedLeadId, type ArchivedChange } from './archive.ts';
import { recordBeforeApply } from './before-apply.ts';
import { journalKey, openBatchJournal } from './batch-journal.ts';
import { addCounts, increment, type CountTree } from './counters.ts';
import { writeBatchPlan } from './dry-run-plan.ts';
import type { JobDependencies } from './ports.ts';
import { entriesRemovedBy, isArchivable, storedEntriesRequest, storedLead } from './removal-entries.ts';
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

/** A lead's plan before its stored copies are read: the removals and the digest entries each one takes. */
interface PlannedLead {
  readonly digest: LeadDigest;
  readonly plan: LeadDailyPlan;
  /** Per removal (same order), how many digest entries it takes. */
  readonly plannedEntries: readonly number[];
}

/**
 * Processes one batch of the daily cleanup.
 *
 * 1. Read the batch's leads as digests (one aggregate; no stored copy travels).
 * 2. Classify each lead and plan its removals with the run's policy and reference time.
 * 3. Dry run: write the plan (ids and reasons) and stop.
 * 4. Read the stored copies of exactly the entries the removals take (one aggregate, while the batch journal is
 *    opened), select each removal's copies as its guard would now, and count a removal whose entries are no longer
 *    there as not archivable (it is not applied).
 * 5. Journal each lead's planned counts while the archive is compressed and written (both before any removal),
 *    then apply the plans in one bulkWrite and count what really changed, adding what an earlier attempt of this
 *    batch changed (batch-journal.ts).
 */
export async function processDailyBatch(
  deps: JobDependencies,
  run: RunContext,
  batch: BatchDescriptor,
): Promise<CountTree> {
  const now = new Date(run.scheduledTime);
  const policy = runPolicy(run, deps.policy);
  const cutoff = cutoffBefore(now, policy.sessionExpiryDays);
  const digests = await readLeadDigests(deps.leads, batchFilter(batch));
  const counts: Record<string, number | CountTree> = { leadsScanned: digests.length };
  const planned: PlannedLead[] = [];
  const requests: StoredEntriesRequest[] = [];
  for (const digest of digests) {
    const classified = classifyLead(digest);
    const plan = planDailyCleanup(classified, { now, policy });
    for (const note of plan.notes) increment(counts, ['notes', note.kind]);
    if (plan.removals.length === 0) continue;
    const entries = plan.removals.map((removal) => entriesRemovedBy(removal, classified, digest, cutoff));
    planned.push({ digest, plan, plannedEntries: entries.map((taken) => taken.length) });
    if (entries.some((taken) => taken.length > 0)) requests.push(storedEntriesRequest(digest._id, entries.flat()));
  }
  if (run.dryRun) {
    counts.leadsWithChanges = planned.length;
    for (const { plan } of planned) for (const removal of plan.removals) countRemoval(counts, removal, 'planned');
    await writeBatchPlan(
      deps.store,
      run,
      batch.index,
      planned.map(({ plan }) => ({
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
  const journalOpened = openBatchJournal(deps, run, batch.index);
  // Awaited below, after the stored copies are read; until then a rejection must not count as unhandled.
  journalOpened.catch(() => undefined);
  const stored = await readStoredEntries(deps.leads, requests);
  const plans: LeadDailyPlan[] = [];
  const archive: ArchivedChange[] = [];
  for (const { digest, plan, plannedEntries } of planned) {
    const fresh = storedLead(digest, stored.get(storedEntriesKey(digest._id)) ?? { sessionHistory: [] });
    const removals = plan.removals.filter((removal, index) => {
      const entries = entriesRemovedBy(removal, fresh.lead, fresh.digest, cutoff);
      // Entries planned but no longer there (the app removed or changed them, or the lead is gone): the removal's
      // guard would take nothing either; it is left for the next run rather than applied without its copies.
      if (!isArchivable(entries) || (entries.length === 0 && (plannedEntries[index] ?? 0) > 0)) {
        increment(counts, ['notArchivable', removal.reason]);
        return false;
      }
      archive.push(archivedChange(digest._id, removal, entries));
      return true;
    });
    if (removals.length > 0) plans.push({ ...plan, removals });
  }
  counts.leadsWithChanges = plans.length;
  const plannedByLead = Object.fromEntries(plans.map((plan) => [journalKey(plan.leadId), plannedCounts(plan)]));
  const { journal, archivedChanges } = await recordBeforeApply(
    deps,
    run,
    batch.index,
    journalOpened,
    plannedByLead,
    archive,
  );
  if (archivedChanges !== null) counts.archivedChanges = archivedChanges;
  const applied = await applyDailyPlans(deps.leads, plans);
  for (const result of applied) countRemoval(counts, result.removal, result.outcome);
  return addCounts(counts, journal.earlierChanges(plannedByLead));
}

/** What a lead's removals count once applied (the batch journal's entry for the lead). */
function plannedCounts(plan: LeadDailyPlan): CountTree {
  const counts: Record<string, number | CountTree> = { leadsWithChanges: 1 };
  for (const removal of plan.removals) countRemoval(counts, removal, 'applied');
  return counts;
}

import { planLeadIdBatches, planRangeBatches, type BatchDescriptor } from '#shared/mongo/batch-boundaries.ts';
import type { ExpiredLease } from '#shared/mongo/run-records.ts';
import type { JobDependencies } from './ports.ts';
import type { RunContext } from './run-context.ts';

/** How long a run's lease lasts without a heartbeat; every batch renews it. */
export const leaseTtlMs = 30 * 60_000;

export interface RunPlan {
  readonly batchCount: number;
  readonly batches: readonly BatchDescriptor[];
}

/**
 * The Plan step.
 *
 * 1. Claim the run id (a retried Plan or a duplicate start continues the same run).
 * 2. Take the job's lease: two runs of the same job never process at once (LeaseHeldError otherwise). A run
 *    whose expired lease this takes over never finished: its record says FAILED, abandoned, with what it recorded.
 * 3. Cut the leads into batches (`_id` ranges, or the run's lead ids) and record their number.
 */
export async function planRun(deps: JobDependencies, run: RunContext): Promise<RunPlan> {
  const now = deps.now();
  await deps.runRecords.ensureIndexes(deps.policy.analyticsRetentionDays);
  const claimed = await deps.runRecords.claimRun({
    _id: run.runId,
    job: run.job,
    trigger: run.trigger,
    dryRun: run.dryRun,
    startedAt: now,
    parameters: { ...run.parameters, leadIds: run.parameters.leadIds?.length ?? null },
  });
  if (!claimed) deps.logger.warn('run already claimed: continuing it', { runId: run.runId });
  const abandoned = await deps.runRecords.acquireLease(run.job, run.runId, now, leaseTtlMs);
  if (abandoned !== null) await markAbandonedRun(deps, run, abandoned, now);
  const batches =
    run.parameters.leadIds === null
      ? await planRangeBatches(deps.leads, { batchSize: run.parameters.batchSize })
      : planLeadIdBatches(run.parameters.leadIds, run.parameters.batchSize);
  await deps.runRecords.setBatchCount(run.runId, batches.length);
  deps.logger.info('run planned', { runId: run.runId, job: run.job, batchCount: batches.length });
  return { batchCount: batches.length, batches };
}

/** The record of a run whose process died holding the lease: FAILED, with the batches it did record. */
async function markAbandonedRun(deps: JobDependencies, run: RunContext, lease: ExpiredLease, now: Date): Promise<void> {
  const record = await deps.runRecords.findRun(lease.runId);
  const done = (await deps.runRecords.batchRecords(lease.runId)).filter((batch) => batch.status === 'done').length;
  const failure =
    `abandoned: its lease expired at ${lease.expiresAt.toISOString()} before the run finished (the process died ` +
    `or was stopped); taken over by ${run.runId}; ${done} of ${record?.batchCount ?? 'an unknown number of'} ` +
    `batches recorded`;
  if (await deps.runRecords.markAbandoned(lease.runId, now, failure)) {
    deps.logger.warn('took over the lease of an abandoned run', { runId: run.runId, abandonedRunId: lease.runId });
  }
}

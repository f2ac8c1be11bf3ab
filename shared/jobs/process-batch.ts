import type { Document } from 'mongodb';
import { redactText } from '#shared/runtime/redact.ts';
import type { BatchDescriptor } from '#shared/mongo/batch-boundaries.ts';
import { processDailyBatch } from './daily-batch.ts';
import { processMonthlyBatch } from './monthly-batch.ts';
import { leaseTtlMs } from './plan-run.ts';
import type { JobDependencies } from './ports.ts';
import type { RunContext } from './run-context.ts';
import { processWeeklyBatch } from './weekly-batch.ts';

export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/**
 * The ProcessBatch step: renew the lease (refusing to work without it), run the job's batch processor, record its
 * counters for Finalize, and return only the batch index: detail goes to MongoDB and S3, not into the state.
 */
export async function processBatch(
  deps: JobDependencies,
  run: RunContext,
  batch: BatchDescriptor,
): Promise<{ batchIndex: number; ok: true }> {
  const holdsLease = await deps.runRecords.heartbeat(run.job, run.runId, deps.now(), leaseTtlMs);
  if (!holdsLease) throw new LeaseLostError(`run ${run.runId} no longer holds the ${run.job} lease`);
  const started = performance.now();
  const counters: Document =
    run.job === 'daily'
      ? await processDailyBatch(deps, run, batch)
      : run.job === 'weekly'
        ? await processWeeklyBatch(deps, run, batch)
        : await processMonthlyBatch(deps, run, batch);
  await deps.runRecords.recordBatch({
    runId: run.runId,
    index: batch.index,
    status: 'done',
    finishedAt: deps.now(),
    counters,
    error: null,
  });
  deps.logger.info('batch processed', {
    runId: run.runId,
    job: run.job,
    batch: batch.index,
    durationMs: Math.round(performance.now() - started),
  });
  return { batchIndex: batch.index, ok: true };
}

/** Step Functions' error object after the batch's retries are exhausted. */
export interface StepError {
  readonly Error?: string;
  readonly Cause?: string;
}

/** Keeps an error message short and free of credentials, tokens and cookie values (the redaction layer). */
export function describeStepError(error: StepError): string {
  let cause = error.Cause ?? '';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string };
    if (typeof parsed.errorMessage === 'string') cause = parsed.errorMessage;
  } catch {
    // Not JSON: a plain message.
  }
  return `${error.Error ?? 'Error'}: ${redactText(cause)}`.slice(0, 500);
}

/** The RecordBatchFailure step: a batch failed on every try; Finalize reports it and the next run redoes it. */
export async function recordBatchFailure(
  deps: JobDependencies,
  run: RunContext,
  batch: BatchDescriptor,
  error: StepError,
): Promise<{ batchIndex: number; ok: false }> {
  const message = describeStepError(error);
  await deps.runRecords.recordBatch({
    runId: run.runId,
    index: batch.index,
    status: 'failed',
    finishedAt: deps.now(),
    counters: null,
    error: message,
  });
  deps.logger.error('batch failed', { runId: run.runId, job: run.job, batch: batch.index, error: message });
  return { batchIndex: batch.index, ok: false };
}

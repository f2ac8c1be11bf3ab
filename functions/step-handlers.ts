import { failureDependenciesOf, type JobDependencies, type RunFailureDependencies } from '#shared/jobs/ports.ts';
import { finalizeRun } from '#shared/jobs/finalize-run.ts';
import { recordFailedRun } from '#shared/jobs/record-failed-run.ts';
import { planRun } from '#shared/jobs/plan-run.ts';
import { processBatch, recordBatchFailure } from '#shared/jobs/process-batch.ts';
import {
  parseBatchFailureInput,
  parseBatchInput,
  parseFinalizeInput,
  parsePlanInput,
} from '#shared/jobs/step-payloads.ts';
import { withTransientErrors } from '#shared/mongo/transient-errors.ts';
import { logger } from '#shared/runtime/observability.ts';

/**
 * The four step handlers over a source of dependencies: Lambda passes the environment's, the local runner its own.
 * `failureDependencies` serves RecordFailedRun when `dependencies` cannot be built (a bad setting, an unreachable
 * database): a failed run still leaves its report. By default it is derived from `dependencies`.
 */
export function createStepHandlers(
  dependencies: () => Promise<JobDependencies>,
  failureDependencies: () => Promise<RunFailureDependencies> = async () => failureDependenciesOf(await dependencies()),
) {
  const withRunKeys = (run: { runId: string; job: string }, batch?: { index: number }) =>
    logger.appendKeys({ runId: run.runId, job: run.job, ...(batch ? { batch: batch.index } : {}) });
  return {
    plan: async (event: unknown) => {
      const { run } = parsePlanInput(event);
      withRunKeys(run);
      return withTransientErrors(async () => planRun(await dependencies(), run));
    },
    processBatch: async (event: unknown) => {
      const { run, batch } = parseBatchInput(event);
      withRunKeys(run, batch);
      return withTransientErrors(async () => processBatch(await dependencies(), run, batch));
    },
    recordBatchFailure: async (event: unknown) => {
      const { run, batch, error } = parseBatchFailureInput(event);
      withRunKeys(run, batch);
      return withTransientErrors(async () => recordBatchFailure(await dependencies(), run, batch, error));
    },
    finalize: async (event: unknown) => {
      const input = parseFinalizeInput(event);
      withRunKeys(input.run);
      if ('failure' in input) return recordFailedRun(await failureDependencies(), input.run, input.failure);
      return withTransientErrors(async () => finalizeRun(await dependencies(), input.run, input.batchCount));
    },
  };
}

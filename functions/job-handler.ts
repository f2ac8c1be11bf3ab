import type { Context } from 'aws-lambda';
import { loadSettings } from '#shared/core/settings.ts';
import type { JobName } from '#shared/jobs/run-context.ts';
import { startJobRun, type ExecutionStarter } from '#shared/jobs/start-run.ts';
import type { JobLogger } from '#shared/jobs/ports.ts';
import { jobLogger } from '#shared/runtime/observability.ts';

/**
 * A job function (daily, weekly, monthly): validates the scheduled event or manual payload and starts the state
 * machine. It never connects to MongoDB, so it stays small and starts fast.
 */
export function createJobHandler(
  job: JobName,
  starter: () => ExecutionStarter,
  environment = process.env,
  logger: JobLogger = jobLogger,
) {
  // Validated once, before any event: a bad BATCH_SIZE fails the function's start with the variable named,
  // instead of a run of 400 batches (BATCH_SIZE=5) or of NaN (BATCH_SIZE=abc).
  const { policy, batchSize } = loadSettings(environment);
  return async (event: unknown, context: Pick<Context, 'awsRequestId'>) => {
    const outcome = await startJobRun(job, event, {
      policy,
      starter: starter(),
      requestId: context.awsRequestId,
      now: new Date(),
      batchSize,
    });
    if (outcome.started) logger.info('run started', { job, runId: outcome.runId, dryRun: outcome.dryRun });
    else logger.warn(outcome.message, { job, runId: outcome.runId, reason: outcome.reason });
    return outcome;
  };
}

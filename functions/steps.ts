import { createFailureDependencies, createStepDependencies } from '#shared/runtime/step-dependencies.ts';
import { lambdaHandler } from './lambda-wrap.ts';
import { createStepHandlers } from './step-handlers.ts';

/**
 * The one bundle of the four step functions (infra/functions/step-lambdas.ts): each function calls its own export.
 * The dependencies (MongoDB client, S3, secret) live at module scope, shared by warm invocations.
 */
const lambdaSteps = createStepHandlers(
  () => createStepDependencies(process.env),
  async () => createFailureDependencies(process.env),
);

/** Plan: claim the run, take the job's lease, cut the leads into batches. */
export const plan = lambdaHandler(lambdaSteps.plan);

/** ProcessBatch: apply the run to one batch of leads. */
export const processBatch = lambdaHandler(lambdaSteps.processBatch);

/** RecordBatchFailure: record why a batch failed, so Finalize reports it. */
export const recordBatchFailure = lambdaHandler(lambdaSteps.recordBatchFailure);

/** Finalize: the run's report, metrics and "run finished" event (or the record of a failed run). */
export const finalize = lambdaHandler(lambdaSteps.finalize);

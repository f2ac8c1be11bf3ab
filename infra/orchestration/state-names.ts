/**
 * The state names of the maintenance state machine. The local runner maps Lambda tasks to handlers BY STATE NAME
 * (local/runner/local-state-machine.ts), so renaming a state is a change of that contract too. Free of CDK imports.
 */
export const stateNames = {
  plan: 'Plan',
  processBatches: 'ProcessBatches',
  processBatch: 'ProcessBatch',
  recordBatchFailure: 'RecordBatchFailure',
  batchFailureNotRecorded: 'BatchFailureNotRecorded',
  finalize: 'Finalize',
  recordFailedRun: 'RecordFailedRun',
  runFailed: 'RunFailed',
} as const;

/** The error of the Fail state that ends a run whose Plan, batches or Finalize failed. */
export const runFailedError = 'MaintenanceRunFailed';

/** Lambda service errors worth retrying: the invocation itself failed, not our code. */
export const transientLambdaErrors = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

/** What the steps throw for a network error or a MongoDB error labelled retryable (shared/mongo/transient-errors.ts). */
export const transientDatabaseError = 'TransientDatabaseError';

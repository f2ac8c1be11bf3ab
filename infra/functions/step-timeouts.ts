import type { StepFunctionName } from './function-names.ts';

/**
 * Each step function's timeout, in seconds. Free of CDK imports: the local runner gives its tasks the same bounds
 * (local/runner/local-state-machine.ts) without loading the CDK, which costs a command line about 2 s of start-up.
 */
export const stepTimeoutSeconds: Readonly<Record<StepFunctionName, number>> = {
  plan: 5 * 60,
  'process-batch': 10 * 60,
  'record-batch-failure': 60,
  finalize: 10 * 60,
};

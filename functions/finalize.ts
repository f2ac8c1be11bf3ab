import { lambdaHandler } from './lambda-wrap.ts';
import { lambdaSteps } from './steps.ts';

/** Finalize (and RecordFailedRun): merge the batches, write the report, release the lease, emit metrics and event. */
export const handler = lambdaHandler(lambdaSteps.finalize);

import { lambdaHandler } from './lambda-wrap.ts';
import { lambdaSteps } from './steps.ts';

/** Plan: claim the run, take the job's lease, cut the leads into batches. */
export const handler = lambdaHandler(lambdaSteps.plan);

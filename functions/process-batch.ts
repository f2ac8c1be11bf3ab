import { lambdaHandler } from './lambda-wrap.ts';
import { lambdaSteps } from './steps.ts';

/** ProcessBatch: one batch of the run's job; returns only its index (detail goes to MongoDB and S3). */
export const handler = lambdaHandler(lambdaSteps.processBatch);

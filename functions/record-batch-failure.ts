import { lambdaHandler } from './lambda-wrap.ts';
import { lambdaSteps } from './steps.ts';

/** RecordBatchFailure: a batch failed on every try; record it so Finalize reports it. */
export const handler = lambdaHandler(lambdaSteps.recordBatchFailure);

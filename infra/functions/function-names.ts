/**
 * The names of the Lambda functions and their code. Free of CDK imports: the local runner's definition loader and
 * the bundle benchmark use them too.
 */

/** The job functions: one per schedule, each starts a run of the state machine. */
export const jobFunctionNames = ['daily', 'weekly', 'monthly'] as const;
export type JobFunctionName = (typeof jobFunctionNames)[number];

/** The functions behind the state machine's tasks. */
export const stepFunctionNames = ['plan', 'process-batch', 'record-batch-failure', 'finalize'] as const;
export type StepFunctionName = (typeof stepFunctionNames)[number];

/** Every job function's entry: `functions/<job>.ts`, export `handler`. */
export const jobEntryFile = (job: JobFunctionName): string => `${job}.ts`;

/**
 * The four step functions share one bundle (`functions/steps.ts`, uploaded once); each calls its own export. They
 * differ in memory and timeout only.
 */
export const stepEntryFile = 'steps.ts';
export const stepHandlerExports: Readonly<Record<StepFunctionName, string>> = {
  plan: 'plan',
  'process-batch': 'processBatch',
  'record-batch-failure': 'recordBatchFailure',
  finalize: 'finalize',
};

export type MaintenanceFunctionName = JobFunctionName | StepFunctionName;

/**
 * A tag on every function naming its entry (`plan`, `daily`...), so a synthesized template tells which function a
 * logical id is without relying on generated ids or construct paths.
 */
export const functionNameTag = 'lead-session-maintenance:function';

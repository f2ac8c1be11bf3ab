/**
 * The names of the Lambda functions: `functions/<name>.ts` is each one's entry. Free of CDK imports: the local
 * runner's definition loader uses them too.
 */

/** The job functions: one per schedule, each starts a run of the state machine. */
export const jobFunctionNames = ['daily', 'weekly', 'monthly'] as const;
export type JobFunctionName = (typeof jobFunctionNames)[number];

/** The functions behind the state machine's tasks. */
export const stepFunctionNames = ['plan', 'process-batch', 'record-batch-failure', 'finalize'] as const;
export type StepFunctionName = (typeof stepFunctionNames)[number];

export type MaintenanceFunctionName = JobFunctionName | StepFunctionName;

/**
 * A tag on every function naming its entry (`plan`, `daily`...), so a synthesized template tells which function a
 * logical id is without relying on generated ids or construct paths.
 */
export const functionNameTag = 'lead-session-maintenance:function';

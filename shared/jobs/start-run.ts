import type { MaintenancePolicy } from '#shared/core/config.ts';
import { buildRunContext, parseJobRequest } from './job-request.ts';
import type { JobName, RunContext } from './run-context.ts';

/** Starts the state machine (Step Functions in AWS, the local runner on a laptop). */
export interface ExecutionStarter {
  /** Starts an execution named `name`; reports an existing one with that name instead of starting a second. */
  start(name: string, input: { readonly run: RunContext }): Promise<{ executionArn: string; alreadyStarted: boolean }>;
}

export type StartOutcome =
  | { readonly started: true; readonly runId: string; readonly executionArn: string; readonly dryRun: boolean }
  | {
      readonly started: false;
      readonly reason: 'disabled' | 'duplicate';
      readonly message: string;
      readonly runId: string | null;
      readonly executionArn: string | null;
    };

export interface StartDependencies {
  readonly policy: MaintenancePolicy;
  readonly starter: ExecutionStarter;
  readonly requestId: string;
  readonly now: Date;
  readonly batchSize: number;
}

/**
 * The job functions' use case.
 *
 * 1. Validate the event: an EventBridge scheduled event, or a strict manual payload (else InvalidJobRequestError
 *    naming each problem, and nothing starts).
 * 2. A scheduled event while SESSION_CLEANUP_ENABLED=false does nothing, and says so.
 * 3. Start the state machine under the run id derived from the job and the slot: a duplicate delivery finds the
 *    execution already there and starts nothing.
 */
export async function startJobRun(job: JobName, event: unknown, deps: StartDependencies): Promise<StartOutcome> {
  const request = parseJobRequest(event);
  if (request.kind === 'scheduled' && !deps.policy.sessionCleanupEnabled) {
    return {
      started: false,
      reason: 'disabled',
      message: `scheduled ${job} run skipped: SESSION_CLEANUP_ENABLED=false (manual runs still work)`,
      runId: null,
      executionArn: null,
    };
  }
  const run = buildRunContext(job, request, deps.policy, {
    requestId: deps.requestId,
    now: deps.now,
    batchSize: deps.batchSize,
  });
  const execution = await deps.starter.start(run.runId, { run });
  if (execution.alreadyStarted) {
    return {
      started: false,
      reason: 'duplicate',
      message: `run ${run.runId} was already started: this delivery starts nothing`,
      runId: run.runId,
      executionArn: execution.executionArn,
    };
  }
  return { started: true, runId: run.runId, executionArn: execution.executionArn, dryRun: run.dryRun };
}

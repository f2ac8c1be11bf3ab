import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { createJobHandler } from '#functions/job-handler.ts';
import type { JobDependencies } from '#shared/jobs/ports.ts';
import type { JobName } from '#shared/jobs/run-context.ts';
import type { StartOutcome } from '#shared/jobs/start-run.ts';
import { createLocalStateMachine, type LocalExecution, type LocalRunnerOptions } from './local-state-machine.ts';

export interface LocalJobRun {
  readonly start: StartOutcome;
  readonly execution: LocalExecution | null;
}

/**
 * Runs a job locally the way AWS does: the job function's handler validates the payload and starts the state
 * machine (here, the deployed definition executed in process), then waits for the execution.
 */
export async function runJobLocally(options: {
  readonly job: JobName;
  readonly payload: unknown;
  readonly definition: StateMachineDefinition;
  readonly dependencies: JobDependencies;
  /**
   * Connects the dependencies' database (once): called by each step, so that a database that cannot be reached
   * fails the run's Plan, and RecordFailedRun still writes the report. Default: already connected.
   */
  readonly connected?: () => Promise<void>;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly requestId?: string;
  readonly progress?: Pick<LocalRunnerOptions, 'onBatchFinished' | 'onPlanned' | 'onStatePayload'>;
}): Promise<LocalJobRun> {
  const connected = options.connected ?? (async () => undefined);
  const machine = createLocalStateMachine({
    definition: options.definition,
    dependencies: async () => {
      await connected();
      return options.dependencies;
    },
    failureDependencies: async () => ({
      ...options.dependencies,
      runRecords: async () => {
        await connected();
        return options.dependencies.runRecords;
      },
    }),
    ...options.progress,
  });
  const handler = createJobHandler(
    options.job,
    () => machine.starter,
    { ...(options.environment ?? process.env) },
    options.dependencies.logger,
  );
  const start = await handler(options.payload, {
    awsRequestId: options.requestId ?? `local-${Date.now().toString(36)}`,
  });
  if (!start.started) return { start, execution: null };
  return { start, execution: await machine.result(start.runId) };
}

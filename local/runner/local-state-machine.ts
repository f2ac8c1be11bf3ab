import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { createStepHandlers } from '#functions/step-handlers.ts';
import type { JobDependencies } from '#shared/jobs/ports.ts';
import type { ExecutionStarter } from '#shared/jobs/start-run.ts';
import type { RunSummary } from '#shared/jobs/run-report.ts';

/** Task state name -> step handler. The names are the deployed definition's (infra/state-machine). */
const taskStates = ['Plan', 'ProcessBatch', 'RecordBatchFailure', 'Finalize', 'RecordFailedRun'] as const;

export interface LocalExecution {
  readonly name: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  /** Finalize's summary when the execution succeeded. */
  readonly output: RunSummary | null;
  readonly error: string | null;
}

export interface LocalRunnerOptions {
  readonly definition: StateMachineDefinition;
  readonly dependencies: () => Promise<JobDependencies>;
  /** Called after every batch, successful or not (progress display). */
  readonly onBatchFinished?: (batchIndex: number, ok: boolean) => void;
  /** Called with the number of batches once Plan is done. */
  readonly onPlanned?: (batchCount: number) => void;
}

type JsonValue = Parameters<StateMachine['run']>[0];

/**
 * Runs the deployed state machine definition in process with aws-local-stepfunctions: every Lambda task is the
 * same step handler the functions use, called with `{FunctionName, Payload}` and answering `{Payload}` as the
 * Lambda integration does; a thrown error's name is what Retry and Catch match.
 */
export function createLocalStateMachine(options: LocalRunnerOptions) {
  const steps = createStepHandlers(options.dependencies);
  const stepFor = {
    Plan: steps.plan,
    ProcessBatch: steps.processBatch,
    RecordBatchFailure: steps.recordBatchFailure,
    Finalize: steps.finalize,
    RecordFailedRun: steps.finalize,
  } satisfies Record<(typeof taskStates)[number], (event: unknown) => Promise<unknown>>;
  const handlers = Object.fromEntries(
    taskStates.map((state) => [
      state,
      async (input: JsonValue) => {
        const payload = (input as { Payload?: unknown }).Payload;
        const result = await stepFor[state](payload);
        if (state === 'Plan') options.onPlanned?.((result as { batchCount: number }).batchCount);
        if (state === 'ProcessBatch' || state === 'RecordBatchFailure') {
          const outcome = result as { batchIndex: number; ok: boolean };
          options.onBatchFinished?.(outcome.batchIndex, outcome.ok);
        }
        return { Payload: result } as JsonValue;
      },
    ]),
  );
  const machine = new StateMachine(options.definition, { validationOptions: { checkArn: false } });
  const retryIntervalOverrides = Object.fromEntries(taskStates.map((state) => [state, 0]));
  const executions = new Map<string, Promise<LocalExecution>>();

  async function execute(name: string, input: unknown): Promise<LocalExecution> {
    try {
      const execution = machine.run(input as JsonValue, {
        overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
        context: {
          Execution: { Name: name, Id: `arn:aws:states:local:000000000000:execution:local:${name}` },
        } as never,
      });
      const output = (await execution.result) as unknown as RunSummary;
      return { name, status: 'SUCCEEDED', output, error: null };
    } catch (error) {
      const message = error instanceof ExecutionError ? error.message : String(error);
      return { name, status: 'FAILED', output: null, error: message };
    }
  }

  const starter: ExecutionStarter = {
    async start(name, input) {
      const executionArn = `arn:aws:states:local:000000000000:execution:lead-session-maintenance:${name}`;
      if (executions.has(name)) return { executionArn, alreadyStarted: true };
      executions.set(name, execute(name, input));
      return { executionArn, alreadyStarted: false };
    },
  };

  return {
    starter,
    /** Waits for the named execution started through `starter`. */
    async result(name: string): Promise<LocalExecution> {
      const execution = executions.get(name);
      if (execution === undefined) throw new Error(`no local execution named ${name}`);
      return execution;
    },
  };
}

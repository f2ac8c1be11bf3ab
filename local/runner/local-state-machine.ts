import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { createStepHandlers } from '#functions/step-handlers.ts';
import { stepTimeoutSeconds } from '#infra/functions/step-timeouts.ts';
import type { JobDependencies, RunFailureDependencies } from '#shared/jobs/ports.ts';
import type { ExecutionStarter } from '#shared/jobs/start-run.ts';
import type { RunSummary } from '#shared/jobs/run-report.ts';

/** Task state name -> step handler. The names are the deployed definition's (infra/state-machine). */
const taskStates = ['Plan', 'ProcessBatch', 'RecordBatchFailure', 'Finalize', 'RecordFailedRun'] as const;

/**
 * In AWS a task without TimeoutSeconds is bounded by its Lambda function's timeout (ProcessBatch: 10 minutes);
 * aws-local-stepfunctions bounds it at 60 seconds instead, so a long batch on a laptop (1,000 large leads, a busy
 * machine) failed with States.Timeout while its handler went on writing. The local copy gets the functions' timeouts.
 */
const taskTimeoutSeconds: Readonly<Record<(typeof taskStates)[number], number>> = {
  Plan: stepTimeoutSeconds.plan,
  ProcessBatch: stepTimeoutSeconds['process-batch'],
  RecordBatchFailure: stepTimeoutSeconds['record-batch-failure'],
  Finalize: stepTimeoutSeconds.finalize,
  RecordFailedRun: stepTimeoutSeconds.finalize,
};

type StateDefinitions = Record<string, Record<string, unknown>>;

function withLambdaTimeouts(states: StateDefinitions): StateDefinitions {
  return Object.fromEntries(
    Object.entries(states).map(([name, state]) => {
      const copy: Record<string, unknown> = { ...state };
      const timeout = taskTimeoutSeconds[name as keyof typeof taskTimeoutSeconds];
      if (copy.Type === 'Task' && timeout !== undefined && copy.TimeoutSeconds === undefined)
        copy.TimeoutSeconds = timeout;
      for (const nested of ['ItemProcessor', 'Iterator'] as const) {
        const processor = copy[nested] as { States: StateDefinitions } | undefined;
        if (processor) copy[nested] = { ...processor, States: withLambdaTimeouts(processor.States) };
      }
      return [name, copy];
    }),
  );
}

export interface LocalExecution {
  readonly name: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  /** Finalize's summary when the execution succeeded. */
  readonly output: RunSummary | null;
  /** RecordFailedRun's summary when the run failed and its failure was recorded (the cause is in it). */
  readonly failedRun: RunSummary | null;
  readonly error: string | null;
}

export interface LocalRunnerOptions {
  readonly definition: StateMachineDefinition;
  readonly dependencies: () => Promise<JobDependencies>;
  /** What RecordFailedRun uses when `dependencies` fails (default: derived from `dependencies`). */
  readonly failureDependencies?: () => Promise<RunFailureDependencies>;
  /** Called after every batch, successful or not (progress display). */
  readonly onBatchFinished?: (batchIndex: number, ok: boolean) => void;
  /** Called with the number of batches once Plan is done. */
  readonly onPlanned?: (batchCount: number) => void;
  /**
   * Called with the JSON size of every state's input and output (and the execution's), as Step Functions would
   * hold them: what must stay under its 256 KiB payload limit. The execution's event log is read only when set.
   */
  readonly onStatePayload?: (payload: StatePayloadSize) => void;
}

/** The size of one state input or output, in UTF-8 bytes of its JSON text (what the 256 KiB limit counts). */
export interface StatePayloadSize {
  readonly state: string;
  readonly kind: 'input' | 'output';
  readonly bytes: number;
}

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');

async function measureStatePayloads(
  events: AsyncGenerator<EventLog>,
  report: (payload: StatePayloadSize) => void,
): Promise<void> {
  for await (const event of events) {
    if (event.type === 'ExecutionStarted')
      report({ state: '(execution)', kind: 'input', bytes: jsonBytes(event.input) });
    if (event.type === 'ExecutionSucceeded')
      report({ state: '(execution)', kind: 'output', bytes: jsonBytes(event.output) });
    if (event.type === 'StateEntered')
      report({ state: event.state.name, kind: 'input', bytes: jsonBytes(event.state.input) });
    if (event.type === 'StateExited' && event.state.output !== undefined)
      report({ state: event.state.name, kind: 'output', bytes: jsonBytes(event.state.output) });
  }
}

type JsonValue = Parameters<StateMachine['run']>[0];
type ExecutionEvents = ReturnType<StateMachine['run']>['eventLogs'];
type EventLog = ExecutionEvents extends AsyncGenerator<infer Event> ? Event : never;

/** The deployed definition with each task bounded by its Lambda function's timeout, as in AWS. */
export function localDefinition(definition: StateMachineDefinition): StateMachineDefinition {
  const states = withLambdaTimeouts(definition.States as unknown as StateDefinitions);
  return { ...definition, States: states } as unknown as StateMachineDefinition;
}

/**
 * Definitions already validated in this process (each validation takes about 0.2 s of CPU). A definition that fails
 * validation throws before it is added, so it is validated again, and fails again, on every use.
 */
const validatedDefinitions = new WeakSet<StateMachineDefinition>();

/**
 * Runs the deployed state machine definition in process with aws-local-stepfunctions: every Lambda task is the
 * same step handler the functions use, called with `{FunctionName, Payload}` and answering `{Payload}` as the
 * Lambda integration does; a thrown error's name is what Retry and Catch match.
 */
export function createLocalStateMachine(options: LocalRunnerOptions) {
  const steps = createStepHandlers(options.dependencies, options.failureDependencies);
  // The execution fails with RunFailed's generic error after RecordFailedRun: its summary is kept to tell why.
  const failedRuns = new Map<string, RunSummary>();
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
        if (state === 'RecordFailedRun') failedRuns.set((result as RunSummary).runId, result as RunSummary);
        if (state === 'Plan') options.onPlanned?.((result as { batchCount: number }).batchCount);
        if (state === 'ProcessBatch' || state === 'RecordBatchFailure') {
          const outcome = result as { batchIndex: number; ok: boolean };
          options.onBatchFinished?.(outcome.batchIndex, outcome.ok);
        }
        return { Payload: result } as JsonValue;
      },
    ]),
  );
  const machine = new StateMachine(localDefinition(options.definition), {
    validationOptions: { checkArn: false, noValidate: validatedDefinitions.has(options.definition) },
  });
  validatedDefinitions.add(options.definition);
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
      const measuring = options.onStatePayload
        ? measureStatePayloads(execution.eventLogs, options.onStatePayload)
        : null;
      const output = (await execution.result) as unknown as RunSummary;
      await measuring;
      return { name, status: 'SUCCEEDED', output, failedRun: null, error: null };
    } catch (error) {
      const message = error instanceof ExecutionError ? error.message : String(error);
      return { name, status: 'FAILED', output: null, failedRun: failedRuns.get(name) ?? null, error: message };
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

import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  type DescribeExecutionCommandOutput,
  type ExecutionListItem,
} from '@aws-sdk/client-sfn';
import type { JobName, RunContext } from '#shared/jobs/run-context.ts';
import type { RunSummary } from '#shared/jobs/run-report.ts';
import type { RemoteStack } from './remote-stack.ts';

/** One execution of the state machine, with the run summary Finalize returned when it succeeded. */
export interface RemoteExecution {
  readonly executionArn: string;
  /** The execution name is the run id. */
  readonly runId: string;
  readonly status: string;
  readonly startDate: Date | null;
  readonly stopDate: Date | null;
  readonly summary: RunSummary | null;
  /** The execution's input `run` (RunContext), when it could be read. */
  readonly run: RunContext | null;
  readonly error: string | null;
  readonly cause: string | null;
}

/** How many executions one ListExecutions page brings back: enough to find three of each job in all but odd cases. */
const listPageSize = 100;

function parsed<T>(text: string | undefined): T | null {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export function toRemoteExecution(description: DescribeExecutionCommandOutput): RemoteExecution {
  return {
    executionArn: description.executionArn ?? '',
    runId: description.name ?? '',
    status: description.status ?? 'UNKNOWN',
    startDate: description.startDate ?? null,
    stopDate: description.stopDate ?? null,
    summary: description.status === 'SUCCEEDED' ? parsed<RunSummary>(description.output) : null,
    run: parsed<{ run?: RunContext }>(description.input)?.run ?? null,
    error: description.error ?? null,
    cause: description.cause ?? null,
  };
}

export async function describeExecution(stack: RemoteStack, executionArn: string): Promise<RemoteExecution> {
  return toRemoteExecution(await stack.clients.sfn.send(new DescribeExecutionCommand({ executionArn })));
}

/**
 * The latest executions of each job, newest first. All jobs share one state machine; run ids start with the job's
 * name (`daily-...`), which is how executions are told apart without reading their input.
 */
export async function recentExecutionsByJob(
  stack: RemoteStack,
  jobs: readonly JobName[],
  perJob: number,
): Promise<Record<JobName, RemoteExecution[]>> {
  const page = await stack.clients.sfn.send(
    new ListExecutionsCommand({ stateMachineArn: stack.outputs.stateMachineArn, maxResults: listPageSize }),
  );
  const items: ExecutionListItem[] = page.executions ?? [];
  const result = {} as Record<JobName, RemoteExecution[]>;
  for (const job of jobs) {
    const latest = items.filter((item) => item.name?.startsWith(`${job}-`)).slice(0, perJob);
    result[job] = await Promise.all(latest.map((item) => describeExecution(stack, item.executionArn ?? '')));
  }
  return result;
}

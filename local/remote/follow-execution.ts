import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { describeExecution, type RemoteExecution } from './executions.ts';
import type { RemoteStack } from './remote-stack.ts';

export interface FollowOptions {
  readonly pollIntervalMs: number;
  /** Called after every poll while the execution runs. */
  readonly onProgress?: (progress: {
    readonly status: string;
    readonly elapsedMs: number;
    readonly state: string | null;
  }) => void;
  /** Waits between polls; tests pass one that does not. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The state the execution last entered, from the newest history events. Reading the whole history to count Map
 * iterations would cost a page per thousand events on every poll (a 2,000-batch run has tens of thousands).
 */
async function currentState(stack: RemoteStack, executionArn: string): Promise<string | null> {
  const history = await stack.clients.sfn.send(
    new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 20, includeExecutionData: false }),
  );
  const entered = (history.events ?? []).find((event) => event.stateEnteredEventDetails?.name !== undefined);
  return entered?.stateEnteredEventDetails?.name ?? null;
}

/** Polls DescribeExecution until the execution is no longer RUNNING, and returns its last description. */
export async function followExecution(
  stack: RemoteStack,
  executionArn: string,
  options: FollowOptions,
): Promise<RemoteExecution> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const started = now();
  for (;;) {
    const execution = await describeExecution(stack, executionArn);
    if (execution.status !== 'RUNNING' && execution.status !== 'PENDING_REDRIVE') return execution;
    if (options.onProgress) {
      const state = await currentState(stack, executionArn).catch(() => null);
      options.onProgress({ status: execution.status, elapsedMs: now() - started, state });
    }
    await sleep(options.pollIntervalMs);
  }
}

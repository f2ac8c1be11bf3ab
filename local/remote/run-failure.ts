import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { runFailedError, stateNames } from '#infra/orchestration/state-names.ts';
import type { RunReport } from '#shared/jobs/run-report.ts';
import { redactText } from '#shared/runtime/redact.ts';
import type { RemoteExecution } from './executions.ts';
import type { RemoteStack } from './remote-stack.ts';

/** How a finished execution that did not succeed is said: `run X failed`, `run X timed out`, `run X was aborted`. */
export function endedVerb(status: string): string {
  if (status === 'TIMED_OUT') return 'timed out';
  if (status === 'ABORTED') return 'was aborted';
  return 'failed';
}

/** An error and its cause as one phrase; a Lambda error's cause is JSON whose errorType and errorMessage say it. */
export function errorPhrase(error: string | null | undefined, cause: string | null | undefined): string {
  const lambdaError = parseLambdaError(cause);
  if (lambdaError !== null) return `${lambdaError.errorType ?? error ?? 'Error'}: ${lambdaError.errorMessage}`;
  return [error, cause].filter((part) => part !== null && part !== undefined && part !== '').join(': ');
}

function parseLambdaError(cause: string | null | undefined): { errorType?: string; errorMessage: string } | null {
  if (cause === null || cause === undefined || !cause.trimStart().startsWith('{')) return null;
  try {
    const parsed = JSON.parse(cause) as { errorType?: unknown; errorMessage?: unknown };
    if (typeof parsed.errorMessage !== 'string') return null;
    return {
      errorMessage: parsed.errorMessage,
      ...(typeof parsed.errorType === 'string' ? { errorType: parsed.errorType } : {}),
    };
  } catch {
    return null;
  }
}

interface StepFailure {
  readonly Error?: string;
  readonly Cause?: string;
}

/**
 * What the RunFailed state received when recording the failure failed too: the step's failure (`$.failure`) and
 * why RecordFailedRun could not record it (`$.recordFailure`). The execution itself only carries RunFailed's fixed
 * cause ("the run report says why"), and there is no report.
 */
async function unrecordedFailure(stack: RemoteStack, execution: RemoteExecution): Promise<string | null> {
  const history = await stack.clients.sfn.send(
    new GetExecutionHistoryCommand({
      executionArn: execution.executionArn,
      reverseOrder: true,
      maxResults: 20,
      includeExecutionData: true,
    }),
  );
  const entered = (history.events ?? []).find((event) => event.stateEnteredEventDetails?.name === stateNames.runFailed);
  const input = entered?.stateEnteredEventDetails?.input;
  if (input === undefined) return null;
  const state = JSON.parse(input) as { failure?: StepFailure; recordFailure?: StepFailure };
  const failure = errorPhrase(state.failure?.Error, state.failure?.Cause);
  const recordFailure = errorPhrase(state.recordFailure?.Error, state.recordFailure?.Cause);
  if (failure === '' && recordFailure === '') return null;
  return [
    failure === '' ? 'the run failed' : failure,
    recordFailure === '' ? null : `and its report could not be written (${recordFailure})`,
  ]
    .filter((part) => part !== null)
    .join(' ');
}

/**
 * Why a remote run that did not succeed ended, in one redacted phrase, from the best source there is:
 *
 * 1. The run's FAILED report: RecordFailedRun wrote the step's cause there (an unreachable database, a lease held).
 * 2. For a run that failed through RunFailed without a report (recording the failure failed as well): the
 *    failure and the recording's error, from the RunFailed state's input in the execution history.
 * 3. Otherwise the execution's error and cause: a TIMED_OUT or ABORTED execution never reached RecordFailedRun.
 */
export async function remoteRunFailureCause(
  stack: RemoteStack,
  execution: RemoteExecution,
  report: RunReport | null,
): Promise<string> {
  if (report?.status === 'FAILED' && report.failure) return redactText(report.failure);
  if (execution.status === 'FAILED' && execution.error === runFailedError) {
    const unrecorded = await unrecordedFailure(stack, execution).catch(() => null);
    if (unrecorded !== null) return redactText(unrecorded);
  }
  const phrase = errorPhrase(execution.error, execution.cause);
  return redactText(`${execution.status}${phrase === '' ? ': no error given' : `: ${phrase}`}`);
}

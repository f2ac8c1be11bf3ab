import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { JobName } from '#shared/jobs/run-context.ts';
import type { StartOutcome } from '#shared/jobs/start-run.ts';
import type { RemoteStack } from './remote-stack.ts';

/** What invoking a job function gave: the start outcome, or the function's error (FunctionError). */
export type JobInvocation =
  | { readonly ok: true; readonly outcome: StartOutcome }
  | { readonly ok: false; readonly errorType: string; readonly errorMessage: string };

/**
 * Invokes the deployed job function synchronously with a manual payload. It only validates and starts the state
 * machine (30 s timeout), so waiting for its answer is cheap and gives the execution ARN.
 */
export async function invokeJobFunction(stack: RemoteStack, job: JobName, payload: unknown): Promise<JobInvocation> {
  const FunctionName = stack.outputs.jobFunctionNames[job];
  const response = await stack.clients.lambda.send(
    new InvokeCommand({
      FunctionName,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
  const text = response.Payload === undefined ? '' : new TextDecoder().decode(response.Payload);
  const body = parseJson(text);
  if (response.FunctionError !== undefined) {
    // Lambda's error payload: {errorType, errorMessage, trace} (or nothing useful when the runtime itself failed).
    const error = (body ?? {}) as { errorType?: unknown; errorMessage?: unknown };
    return {
      ok: false,
      errorType: typeof error.errorType === 'string' ? error.errorType : response.FunctionError,
      errorMessage: typeof error.errorMessage === 'string' ? error.errorMessage : text || 'no error message',
    };
  }
  if (body === null || typeof body !== 'object' || typeof (body as { started?: unknown }).started !== 'boolean') {
    throw new Error(`${FunctionName} answered something that is not a start outcome: ${text.slice(0, 200)}`);
  }
  return { ok: true, outcome: body as StartOutcome };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

import type { RemoteExecution } from '#local/remote/executions.ts';
import { followExecution, type FollowOptions } from '#local/remote/follow-execution.ts';
import { invokeJobFunction } from '#local/remote/job-invocation.ts';
import { endedVerb, remoteRunFailureCause } from '#local/remote/run-failure.ts';
import type { RemoteStack } from '#local/remote/remote-stack.ts';
import { describeHeadline } from '#shared/format/run-headline.ts';
import { headlineOf, summarize, type RunReport } from '#shared/jobs/run-report.ts';
import { redactText } from '#shared/runtime/redact.ts';
import { getJson } from '#shared/storage/json-objects.ts';
import { reportKey } from '#shared/storage/keys.ts';
import { createS3ObjectStore } from '#shared/storage/s3-object-store.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import type { RunCommand } from './arguments.ts';
import { errorPrefix, exitCodes, type CommandIo } from './command-io.ts';
import { payloadOf } from './payload.ts';
import { bucketLocator, describeReport } from './report-show-command.ts';
import { describeRun, runFailureLine } from './summary-text.ts';

export interface RemoteRunOptions {
  /** Tests replace the wait between polls. */
  readonly sleep?: FollowOptions['sleep'];
  readonly now?: FollowOptions['now'];
}

/**
 * `--remote`: the same payload as a local run, sent to the deployed job function.
 *
 * 1. Invoke the job function (RequestResponse); a function error or a refused start is printed and ends the run.
 * 2. Follow the execution by polling DescribeExecution; progress (status, elapsed, current state) on stderr.
 * 3. Fetch the run's report from the bucket (key from the run summary, or for a failed execution from its input)
 *    and print it as the local run does. Exit codes as local.
 */
export async function remoteRunCommand(
  stack: RemoteStack,
  command: RunCommand,
  io: CommandIo,
  options: RemoteRunOptions = {},
): Promise<number> {
  const invocation = await invokeJobFunction(stack, command.job, payloadOf(command));
  if (!invocation.ok) {
    io.stderr.write(
      `the ${command.job} job function (${stack.outputs.jobFunctionNames[command.job]}) failed: ` +
        `${invocation.errorType}: ${invocation.errorMessage}\n`,
    );
    // A payload the function refuses is a usage problem; anything else is a failure of the function.
    return invocation.errorType === 'InvalidJobRequestError' ? exitCodes.usage : exitCodes.failed;
  }
  const start = invocation.outcome;
  if (!start.started) {
    io.stdout.write(`run not started (${start.reason}): ${start.message}\n`);
    return exitCodes.completed;
  }
  io.stderr.write(`started ${start.runId}\n  execution: ${start.executionArn}\n`);
  const showProgress = !command.json;
  let lastProgress = '';
  let lastLoggedMs = 0;
  const execution = await followExecution(stack, start.executionArn, {
    pollIntervalMs: command.pollIntervalSeconds * 1000,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.now ? { now: options.now } : {}),
    onProgress: ({ status, elapsedMs, state }) => {
      if (!showProgress) return;
      const where = `${status}${state ? ` (${state})` : ''}`;
      const text = `  ${Math.round(elapsedMs / 1000)} s ${where}`;
      // On a terminal the line is redrawn; in a log, a line when the state changes and otherwise once a minute.
      if (io.interactive) io.stderr.write(`\r${text.padEnd(lastProgress.length)}`);
      else if (!lastProgress.endsWith(` ${where}`) || elapsedMs - lastLoggedMs >= 60_000) {
        io.stderr.write(`${text}\n`);
        lastLoggedMs = elapsedMs;
      }
      lastProgress = text;
    },
  });
  if (io.interactive && lastProgress !== '') io.stderr.write('\n');

  const store = createS3ObjectStore({ bucket: stack.outputs.bucketName, client: stack.clients.s3 });
  const report = await runReport(store, execution);
  const succeeded = execution.status === 'SUCCEEDED';
  const failure = succeeded ? null : await remoteRunFailureCause(stack, execution, report);
  if (command.json) {
    const json = succeeded
      ? (execution.summary ?? { execution: executionFacts(execution), report })
      : failedRunJson(execution, report, failure as string);
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    io.stdout.write(
      describeRun(
        {
          start,
          execution: {
            name: execution.runId,
            status: succeeded ? 'SUCCEEDED' : 'FAILED',
            output: execution.summary,
            failedRun: null,
            error: failure === null ? null : (refusal(failure) ?? failure),
          },
        },
        report === null ? null : `${store.description}/${report.locations.report}`,
      ),
    );
    if (report !== null) {
      // The title, the report's location, the failure and the counts were printed above, as a local run prints them.
      const details = (await describeReport(report, bucketLocator(store)))
        .slice(2)
        .filter(
          (line) =>
            !line.startsWith('  failure:') &&
            line !== `  ${describeHeadline(report.job, headlineOf(report), report.dryRun)}`,
        );
      io.stdout.write(details.length > 0 ? `${details.join('\n')}\n` : '');
    } else io.stderr.write(`no report found in ${store.description} for ${execution.runId}\n`);
  }
  if (failure !== null) {
    // One line for scripts and logs, as a local run prints it: what ended the run, in the run's own words.
    io.stderr.write(`${errorPrefix}${runFailureLine(execution.runId, endedVerb(execution.status), failure)}\n`);
    return exitCodes.failed;
  }
  if (execution.summary === null) {
    io.stderr.write(`${errorPrefix}run ${execution.runId} succeeded but its execution returned no run summary\n`);
    return exitCodes.failed;
  }
  if (execution.summary.status === 'FAILED') return exitCodes.failed;
  return execution.summary.status === 'COMPLETED_WITH_ERRORS' ? exitCodes.completedWithErrors : exitCodes.completed;
}

/**
 * The run's report. A succeeded execution's summary names it; a failed one has no output, but Finalize's
 * RecordFailedRun still wrote a report, whose key follows from the run in the execution's input.
 */
async function runReport(store: ObjectStore, execution: RemoteExecution): Promise<RunReport | null> {
  const run = execution.run;
  const key = execution.summary?.reportKey ?? (run ? reportKey(run.job, run.runId, new Date(run.scheduledTime)) : null);
  return key === null ? null : getJson<RunReport>(store, key);
}

/** A run that could not take its job's lease did nothing: say so plainly rather than as a crash. */
function refusal(failure: string): string | null {
  const match = /LeaseHeldError: (.*)/s.exec(failure);
  return match ? `run refused: ${match[1]}` : null;
}

function executionFacts(execution: RemoteExecution) {
  return {
    executionArn: execution.executionArn,
    runId: execution.runId,
    status: execution.status,
    error: execution.error === null ? null : redactText(execution.error),
    cause: execution.cause === null ? null : redactText(execution.cause),
  };
}

/**
 * `--json` for a run that did not succeed: the failed run's summary (from its report, as a local run prints it, or
 * what the execution tells when there is no report) with the cause, and the execution's own facts.
 */
function failedRunJson(execution: RemoteExecution, report: RunReport | null, failure: string) {
  const elapsedMs =
    execution.startDate && execution.stopDate ? execution.stopDate.getTime() - execution.startDate.getTime() : null;
  // Without a report there are no batches, counts or report key to tell: null, never a made-up zero.
  const summary = report
    ? summarize(report)
    : {
        runId: execution.runId,
        job: execution.run?.job ?? null,
        dryRun: execution.run?.dryRun ?? null,
        durationMs: elapsedMs,
        batches: null,
        headline: null,
        reportKey: null,
      };
  return { ...summary, status: 'FAILED', failure, execution: executionFacts(execution) };
}

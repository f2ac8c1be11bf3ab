import { InvokeCommand } from '@aws-sdk/client-lambda';
import { DescribeExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '#local/cli/dispatch.ts';
import { createS3ObjectStore } from '#shared/storage/s3-object-store.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { collectingIo, startFakeStack, type FakeStack } from './support/fake-stack.ts';
import {
  executionArnOf,
  finishedExecution,
  invokeResponse,
  runContext,
  runReport,
  storeReport,
} from './support/run-fixtures.ts';

/**
 * `--remote` when the execution does not succeed: one `error: ` line naming the real cause (from the run's FAILED
 * report, the RunFailed state's input, or the execution's error), exit code 1, and `--json` with the cause.
 */
let stack: FakeStack;
let store: ObjectStore;
const password = 'pw-remote-never-printed-4410';

beforeAll(async () => {
  stack = await startFakeStack();
  store = createS3ObjectStore({ bucket: stack.s3.bucket, client: stack.s3.client });
});
afterAll(async () => stack?.stop());
beforeEach(() => {
  stack.lambda.reset();
  stack.sfn.reset();
});

async function remoteRun(argv: string[]) {
  const output = collectingIo();
  const code = await runCli(['--remote', ...argv], {
    io: output.io,
    environment: {},
    remoteClients: () => stack.clients,
    remoteRun: { sleep: async () => {} },
  });
  const errorLines = output
    .stderr()
    .split('\n')
    .filter((line) => line.startsWith('error: '));
  return { code, stdout: output.stdout(), stderr: output.stderr(), errorLines };
}

function started(runId: string) {
  stack.lambda
    .on(InvokeCommand)
    .resolves(invokeResponse({ started: true, runId, executionArn: executionArnOf(runId), dryRun: false }));
}

const lambdaCause = (errorType: string, errorMessage: string) =>
  JSON.stringify({ errorType, errorMessage, trace: [`${errorType}: ${errorMessage}`, '    at plan (steps.js:1:1)'] });

describe('cleanup:sessions --remote when the run does not succeed', () => {
  it('names the cause from the failed run report in one error line and exits 1', async () => {
    // Prepare: Plan could not reach MongoDB; RecordFailedRun wrote the FAILED report, RunFailed ended the execution.
    const run = runContext('daily', 'daily-manual-20261201T020000Z-a1b2', '2026-12-01T02:00:00.000Z');
    const failure =
      'DatabaseUnreachableError: cannot reach MongoDB at db1.internal:27017 (secret lsm/mongodb-uri): connection refused (is the server running, and is the port right?)';
    await storeReport(
      store,
      runReport(run, { status: 'FAILED', failure, batches: { planned: 0, succeeded: 0, failed: [] }, counts: {} }),
    );
    started(run.runId);
    stack.sfn.on(DescribeExecutionCommand).resolves(finishedExecution(run, null, 'FAILED'));

    // Act
    const outcome = await remoteRun([]);

    // Assess
    expect(outcome.code).toBe(1);
    // The error line gives the message; the error's class name stays in the report (and in --json).
    expect(outcome.errorLines).toEqual([
      `error: run ${run.runId} failed: ${failure.replace('DatabaseUnreachableError: ', '')}`,
    ]);
    expect(outcome.stdout).toContain(`run ${run.runId}: FAILED`);
  });

  it('prints the failed run summary with its cause under --json', async () => {
    // Prepare
    const run = runContext('weekly', 'weekly-manual-20261201T030000Z-c3d4', '2026-12-01T03:00:00.000Z');
    const failure = 'TransientDatabaseError: connection reset by peer while reading batch boundaries';
    const report = runReport(run, {
      status: 'FAILED',
      failure,
      batches: { planned: 0, succeeded: 0, failed: [] },
      counts: {},
    });
    await storeReport(store, report);
    started(run.runId);
    stack.sfn.on(DescribeExecutionCommand).resolves(finishedExecution(run, null, 'FAILED'));

    // Act
    const outcome = await remoteRun(['--type', 'weekly', '--json']);

    // Assess
    expect(outcome.code).toBe(1);
    const json = JSON.parse(outcome.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      runId: run.runId,
      job: 'weekly',
      status: 'FAILED',
      failure,
      reportKey: report.locations.report,
      execution: { status: 'FAILED', error: 'MaintenanceRunFailed' },
    });
    expect(outcome.errorLines).toEqual([
      `error: run ${run.runId} failed: connection reset by peer while reading batch boundaries`,
    ]);
  });

  it('when even the failure could not be recorded, names both from the RunFailed state input', async () => {
    // Prepare: no report; the history holds what RunFailed received.
    const run = runContext('daily', 'daily-manual-20261201T040000Z-e5f6', '2026-12-01T04:00:00.000Z');
    started(run.runId);
    stack.sfn.on(DescribeExecutionCommand).resolves(finishedExecution(run, null, 'FAILED'));
    const runFailedInput = {
      run,
      failure: {
        Error: 'DatabaseUnreachableError',
        Cause: lambdaCause('DatabaseUnreachableError', 'cannot reach MongoDB at db1:27017 (secret): host not found'),
      },
      recordFailure: { Error: 'AccessDenied', Cause: lambdaCause('AccessDenied', 'not allowed to write the report') },
    };
    stack.sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        { id: 12, type: 'ExecutionFailed', timestamp: new Date() },
        {
          id: 11,
          type: 'FailStateEntered',
          timestamp: new Date(),
          stateEnteredEventDetails: { name: 'RunFailed', input: JSON.stringify(runFailedInput) },
        },
      ],
    });

    // Act
    const outcome = await remoteRun(['--json']);

    // Assess
    expect(outcome.code).toBe(1);
    const cause =
      'DatabaseUnreachableError: cannot reach MongoDB at db1:27017 (secret): host not found ' +
      'and its report could not be written (AccessDenied: not allowed to write the report)';
    expect(outcome.errorLines).toEqual([
      `error: run ${run.runId} failed: ${cause.replace(/^DatabaseUnreachableError: /, '')}`,
    ]);
    expect(JSON.parse(outcome.stdout)).toMatchObject({
      runId: run.runId,
      status: 'FAILED',
      failure: cause,
      reportKey: null,
      batches: null,
    });
    const historyRequest = stack.sfn.commandCalls(GetExecutionHistoryCommand)[0]?.args[0].input;
    expect(historyRequest).toMatchObject({ reverseOrder: true, includeExecutionData: true });
  });

  it.each([
    {
      status: 'TIMED_OUT' as const,
      error: 'States.Timeout',
      cause: undefined,
      line: 'timed out: TIMED_OUT: States.Timeout',
    },
    {
      status: 'ABORTED' as const,
      error: 'OperatorStop',
      cause: 'stopped by an operator',
      line: 'was aborted: ABORTED: OperatorStop: stopped by an operator',
    },
    {
      status: 'FAILED' as const,
      error: 'States.TaskFailed',
      cause: lambdaCause('Error', `bad URI mongodb://ops:${password}@db1/app`),
      line: 'failed: FAILED: Error: bad URI mongodb://<redacted>',
    },
  ])(
    'a $status execution without a report: the execution error, duration in --json, exit 1',
    async ({ status, error, cause, line }) => {
      // Prepare
      const run = runContext('monthly', `monthly-manual-20261201T05${status.length}000Z-0a0b`, '2026-12-01T05:00:00Z');
      started(run.runId);
      stack.sfn
        .on(DescribeExecutionCommand)
        .resolves({ ...finishedExecution(run, null, status), error, ...(cause ? { cause } : {}) });

      // Act
      const text = await remoteRun(['--type', 'monthly']);
      const json = await remoteRun(['--type', 'monthly', '--json']);

      // Assess
      expect(text.code).toBe(1);
      expect(json.code).toBe(1);
      expect(text.errorLines).toHaveLength(1);
      expect(text.errorLines[0]).toMatch(new RegExp(`^error: run ${run.runId} ${escape(line)}`));
      expect(JSON.parse(json.stdout)).toMatchObject({
        runId: run.runId,
        job: 'monthly',
        status: 'FAILED',
        durationMs: 42_000,
        execution: { status },
      });
      expect(text.stdout + text.stderr + json.stdout + json.stderr).not.toContain(password);
    },
  );
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

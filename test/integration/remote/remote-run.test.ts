import { InvokeCommand } from '@aws-sdk/client-lambda';
import { DescribeExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '#local/cli/dispatch.ts';
import { createS3ObjectStore } from '#shared/storage/s3-object-store.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { collectingIo, functionName, startFakeStack, type FakeStack } from './support/fake-stack.ts';
import {
  executionArnOf,
  finishedExecution,
  invokeResponse,
  runContext,
  runReport,
  storeReport,
} from './support/run-fixtures.ts';

let stack: FakeStack;
let store: ObjectStore;

beforeAll(async () => {
  stack = await startFakeStack();
  store = createS3ObjectStore({ bucket: stack.s3.bucket, client: stack.s3.client });
});
afterAll(async () => stack?.stop());
beforeEach(() => {
  stack.lambda.reset();
  stack.sfn.reset();
});

const noWait = { sleep: async () => {} };
const cli = (argv: string[], interactive = false) => {
  const output = collectingIo(interactive);
  const code = runCli(argv, {
    io: output.io,
    environment: {},
    remoteClients: () => stack.clients,
    remoteRun: noWait,
  });
  return { code, output };
};

const startedOutcome = (runId: string, dryRun: boolean) =>
  invokeResponse({ started: true, runId, executionArn: executionArnOf(runId), dryRun });

describe('cleanup:sessions --remote', () => {
  it('invokes the job function with the local payload, follows the execution and prints the report from S3', async () => {
    // Prepare
    const run = runContext('daily', 'daily-dryrun-20261129T031500Z-4f1c2b7d9e0a', '2026-11-29T03:15:00.000Z', true);
    const report = runReport(run);
    await storeReport(store, report);
    stack.lambda.on(InvokeCommand).resolves(startedOutcome(run.runId, true));
    stack.sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ ...finishedExecution(run, null), status: 'RUNNING' as const, stopDate: undefined })
      .resolvesOnce({ ...finishedExecution(run, null), status: 'RUNNING' as const, stopDate: undefined })
      .resolves(finishedExecution(run, report));
    stack.sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        { id: 9, type: 'TaskScheduled', timestamp: new Date() },
        { id: 8, type: 'TaskStateEntered', timestamp: new Date(), stateEnteredEventDetails: { name: 'ProcessBatch' } },
      ],
    });

    // Act
    const { code, output } = cli([
      '--remote',
      '--dry-run',
      '--days',
      '14',
      '--batch-size',
      '500',
      '--lead',
      'a'.repeat(24),
    ]);

    // Assess
    expect(await code).toBe(0);
    const invoke = stack.lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(invoke?.FunctionName).toBe(functionName('daily'));
    expect(invoke?.InvocationType).toBe('RequestResponse');
    expect(JSON.parse(new TextDecoder().decode(invoke?.Payload as Uint8Array))).toEqual({
      dryRun: true,
      days: 14,
      leadIds: ['a'.repeat(24)],
      batchSize: 500,
    });
    expect(stack.sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(3);
    expect(output.stderr()).toContain(`started ${run.runId}`);
    expect(output.stderr()).toContain('  0 s RUNNING (ProcessBatch)\n');
    expect(output.stdout()).toContain(`daily run ${run.runId}: COMPLETED (dry run: nothing was changed) in 41.2 s`);
    expect(output.stdout()).toContain(
      'sessions to remove: 5,656 (expired 4,660, orphaned 56, over limit 895, invalid 45)',
    );
    expect(output.stdout()).toContain(`report: s3://${stack.s3.bucket}/${report.locations.report}`);
  });

  it('exits 3 when the run completed with errors, listing the failed batches', async () => {
    const run = runContext('weekly', 'weekly-manual-20261129T032000Z-77aa', '2026-11-29T03:20:00.000Z');
    const report = runReport(run, {
      status: 'COMPLETED_WITH_ERRORS',
      batches: { planned: 2, succeeded: 1, failed: [{ index: 1, error: 'TransientDatabaseError: connection reset' }] },
    });
    await storeReport(store, report);
    stack.lambda.on(InvokeCommand).resolves(startedOutcome(run.runId, false));
    stack.sfn.on(DescribeExecutionCommand).resolves(finishedExecution(run, report));

    const { code, output } = cli(['--remote', '--type', 'weekly', '--poll-interval', '1']);

    expect(await code).toBe(3);
    expect(output.stdout()).toContain('COMPLETED_WITH_ERRORS');
    expect(output.stdout()).toContain('batch 1 failed: TransientDatabaseError: connection reset');
  });

  it('exits 1 and prints the reason when the run was refused because another run holds the lease', async () => {
    const run = runContext('daily', 'daily-manual-20261129T033000Z-0c0d', '2026-11-29T03:30:00.000Z');
    const failure =
      'LeaseHeldError: another daily run (daily-20261129T020000Z) is in progress; its lease expires at 2026-11-29T03:45:00.000Z';
    const report = runReport(run, { status: 'FAILED', failure, batches: { planned: 0, succeeded: 0, failed: [] } });
    await storeReport(store, report);
    stack.lambda.on(InvokeCommand).resolves(startedOutcome(run.runId, false));
    stack.sfn.on(DescribeExecutionCommand).resolves(finishedExecution(run, null, 'FAILED'));

    const { code, output } = cli(['--remote']);

    expect(await code).toBe(1);
    expect(output.stdout()).toContain(`run ${run.runId}: FAILED`);
    expect(output.stdout()).toContain(
      'run refused: another daily run (daily-20261129T020000Z) is in progress; its lease expires at 2026-11-29T03:45:00.000Z',
    );
  });

  it('exits 1 with the execution error when a failed run left no report', async () => {
    const run = runContext('monthly', 'monthly-manual-20261129T034000Z-9f9f', '2026-11-29T03:40:00.000Z');
    stack.lambda.on(InvokeCommand).resolves(startedOutcome(run.runId, false));
    stack.sfn
      .on(DescribeExecutionCommand)
      .resolves({ ...finishedExecution(run, null, 'TIMED_OUT'), error: 'States.Timeout' });

    const { code, output } = cli(['--remote', '--type', 'monthly']);

    expect(await code).toBe(1);
    expect(output.stdout()).toContain('TIMED_OUT: States.Timeout');
    expect(output.stderr()).toContain(`no report found in s3://${stack.s3.bucket} for ${run.runId}`);
  });

  it('prints the function error of a refused payload and exits 2', async () => {
    const error = {
      errorType: 'InvalidJobRequestError',
      errorMessage: 'Invalid run request: days: days must be a whole number from 1 to 365',
      trace: [],
    };
    stack.lambda.on(InvokeCommand).resolves(invokeResponse(error, 'Unhandled'));

    const { code, output } = cli(['--remote', '--days', '30']);

    expect(await code).toBe(2);
    expect(output.stderr()).toContain(
      `the daily job function (${functionName('daily')}) failed: InvalidJobRequestError: Invalid run request: days`,
    );
    expect(stack.sfn.commandCalls(DescribeExecutionCommand)).toHaveLength(0);
  });

  it('exits 1 on any other function error, even one without an error payload', async () => {
    stack.lambda.on(InvokeCommand).resolves(invokeResponse(undefined, 'Unhandled'));
    const { code, output } = cli(['--remote']);
    expect(await code).toBe(1);
    expect(output.stderr()).toContain('failed: Unhandled: no error message');
  });

  it('prints why a run did not start (schedule disabled, or a duplicate) and exits 0 as locally', async () => {
    const outcome = {
      started: false,
      reason: 'duplicate',
      message: 'run daily-20261129T020000Z was already started: this delivery starts nothing',
      runId: 'daily-20261129T020000Z',
      executionArn: executionArnOf('daily-20261129T020000Z'),
    };
    stack.lambda.on(InvokeCommand).resolves(invokeResponse(outcome));

    const { code, output } = cli(['--remote']);

    expect(await code).toBe(0);
    expect(output.stdout()).toBe(`run not started (duplicate): ${outcome.message}\n`);
  });

  it('prints the run summary as JSON with --json', async () => {
    const run = runContext('daily', 'daily-manual-20261129T035000Z-1234', '2026-11-29T03:50:00.000Z');
    const report = runReport(run);
    await storeReport(store, report);
    stack.lambda.on(InvokeCommand).resolves(startedOutcome(run.runId, false));
    stack.sfn.on(DescribeExecutionCommand).resolves(finishedExecution(run, report));

    const { code, output } = cli(['--remote', '--json']);

    expect(await code).toBe(0);
    expect(JSON.parse(output.stdout())).toMatchObject({
      runId: run.runId,
      status: 'COMPLETED',
      reportKey: report.locations.report,
    });
  });

  it('logs progress when the state changes and otherwise once a minute', async () => {
    const run = runContext('daily', 'daily-manual-20261129T041000Z-9abc', '2026-11-29T04:10:00.000Z');
    const report = runReport(run);
    await storeReport(store, report);
    stack.lambda.on(InvokeCommand).resolves(startedOutcome(run.runId, false));
    const running = { ...finishedExecution(run, null), status: 'RUNNING' as const };
    const describe = stack.sfn.on(DescribeExecutionCommand);
    for (let poll = 0; poll < 6; poll += 1) describe.resolvesOnce(running);
    describe.resolves(finishedExecution(run, report));
    const state = (name: string) => ({
      events: [{ id: 1, type: 'TaskStateEntered' as const, timestamp: new Date(), stateEnteredEventDetails: { name } }],
    });
    stack.sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce(state('Plan'))
      .resolvesOnce(state('ProcessBatch'))
      .resolves(state('ProcessBatch'));
    let clock = 0;
    const output = collectingIo();

    const code = await runCli(['--remote', '--poll-interval', '30'], {
      io: output.io,
      environment: {},
      remoteClients: () => stack.clients,
      remoteRun: { sleep: async (ms) => void (clock += ms), now: () => clock },
    });

    expect(code).toBe(0);
    expect(
      output
        .stderr()
        .split('\n')
        .filter((line) => line.includes('RUNNING')),
    ).toEqual([
      '  0 s RUNNING (Plan)',
      '  30 s RUNNING (ProcessBatch)',
      '  90 s RUNNING (ProcessBatch)',
      '  150 s RUNNING (ProcessBatch)',
    ]);
  });

  it('redraws one progress line on a terminal', async () => {
    const run = runContext('daily', 'daily-manual-20261129T040000Z-5678', '2026-11-29T04:00:00.000Z');
    const report = runReport(run);
    await storeReport(store, report);
    stack.lambda.on(InvokeCommand).resolves(startedOutcome(run.runId, false));
    stack.sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ ...finishedExecution(run, null), status: 'RUNNING' as const })
      .resolves(finishedExecution(run, report));
    stack.sfn.on(GetExecutionHistoryCommand).resolves({ events: [] });

    const { code, output } = cli(['--remote'], true);

    expect(await code).toBe(0);
    expect(output.stderr()).toMatch(/\r {2}0 s RUNNING\n$/);
  });
});

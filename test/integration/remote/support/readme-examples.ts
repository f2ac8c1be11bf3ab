import { InvokeCommand } from '@aws-sdk/client-lambda';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { runCli } from '#local/cli/dispatch.ts';
import { createS3ObjectStore } from '#shared/storage/s3-object-store.ts';
import { collectingIo, startFakeStack } from './fake-stack.ts';
import {
  executionArnOf,
  finishedExecution,
  invokeResponse,
  runContext,
  runReport,
  storeReport,
} from './run-fixtures.ts';

/**
 * Prints the README's examples of the remote commands, run against mocked AWS APIs and a local S3 server (there is
 * no AWS account here): `npx node test/integration/remote/support/readme-examples.ts`.
 */
const stack = await startFakeStack();
try {
  const store = createS3ObjectStore({ bucket: stack.s3.bucket, client: stack.s3.client });
  const daily = runContext('daily', 'daily-20261129T020000Z', '2026-11-29T02:00:00.000Z');
  const weekly = runContext('weekly', 'weekly-20261122T030000Z', '2026-11-22T03:00:00.000Z');
  const monthly = runContext('monthly', 'monthly-20261101T040000Z', '2026-11-01T04:00:00.000Z');
  const dryRun = runContext('daily', 'daily-dryrun-20261129T031512Z-4f1c2b7d9e0a', '2026-11-29T03:15:12.000Z', true);
  const reports = [daily, weekly, monthly, dryRun].map((run) => runReport(run));
  for (const report of reports) await storeReport(store, report);
  const described = new Map<string, DescribeExecutionCommandOutput>(
    [daily, weekly, monthly].map((run, index) => [run.runId, finishedExecution(run, reports[index] ?? null)]),
  );
  stack.sfn.on(ListExecutionsCommand).resolves({
    executions: [daily, weekly, monthly].map((run) => ({
      executionArn: executionArnOf(run.runId),
      stateMachineArn: 'arn',
      name: run.runId,
      status: 'SUCCEEDED',
      startDate: new Date(run.scheduledTime),
    })),
  });
  let polls = 0;
  stack.sfn.on(DescribeExecutionCommand).callsFake((input: { executionArn?: string }) => {
    const name = input.executionArn?.split(':').pop() ?? '';
    if (name !== dryRun.runId) return described.get(name);
    polls += 1;
    return polls < 3
      ? { ...finishedExecution(dryRun, null), status: 'RUNNING', stopDate: undefined }
      : finishedExecution(dryRun, reports[3] ?? null);
  });
  stack.sfn.on(GetExecutionHistoryCommand).resolves({
    events: [
      { id: 7, type: 'TaskStateEntered', timestamp: new Date(), stateEnteredEventDetails: { name: 'ProcessBatch' } },
    ],
  });
  stack.lambda
    .on(InvokeCommand)
    .resolves(
      invokeResponse({ started: true, runId: dryRun.runId, executionArn: executionArnOf(dryRun.runId), dryRun: true }),
    );

  let clock = 0;
  for (const argv of [
    ['status', '--remote'],
    ['--remote', '--dry-run', '--poll-interval', '5'],
    ['report', 'show', '--remote'],
    ['schedule', 'disable', 'weekly', '--remote'],
  ]) {
    const output = collectingIo();
    const code = await runCli(argv, {
      io: output.io,
      environment: {},
      remoteClients: () => stack.clients,
      now: new Date('2026-11-29T03:20:00.000Z'),
      // Simulated time: each poll is five seconds later.
      remoteRun: { sleep: async () => void (clock += 5000), now: () => clock },
    });
    process.stdout.write(
      `$ npm run cleanup:sessions -- ${argv.join(' ')}\n${output.stderr()}${output.stdout()}(exit ${code})\n\n`,
    );
  }
} finally {
  await stack.stop();
}

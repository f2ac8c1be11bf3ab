import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { DisableRuleCommand, EnableRuleCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '#local/cli/dispatch.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { MongoClient } from 'mongodb';
import { RunRecords } from '#shared/mongo/run-records.ts';
import { collectingIo, ruleName, startFakeStack, type FakeStack } from './support/fake-stack.ts';
import { executionArnOf, finishedExecution, runContext, runReport } from './support/run-fixtures.ts';

let stack: FakeStack;
beforeAll(async () => {
  stack = await startFakeStack();
});
afterAll(async () => stack?.stop());
beforeEach(() => {
  stack.sfn.reset();
  stack.eventBridge.resetHistory();
  Object.assign(stack.ruleStates, { daily: 'ENABLED', weekly: 'ENABLED', monthly: 'ENABLED' });
});

const now = new Date('2026-11-29T02:47:00.000Z');
async function cli(argv: string[], environment: Record<string, string> = {}) {
  const output = collectingIo();
  const code = await runCli(argv, { io: output.io, environment, remoteClients: () => stack.clients, now });
  return { code, stdout: output.stdout(), stderr: output.stderr() };
}

function mockExecutions() {
  const daily = runContext('daily', 'daily-20261129T020000Z', '2026-11-29T02:00:00.000Z');
  const dailyBefore = runContext('daily', 'daily-20261128T020000Z', '2026-11-28T02:00:00.000Z');
  const weekly = runContext('weekly', 'weekly-20261122T030000Z', '2026-11-22T03:00:00.000Z');
  const described = new Map([
    [daily.runId, finishedExecution(daily, runReport(daily))],
    [dailyBefore.runId, finishedExecution(dailyBefore, null, 'FAILED')],
    [weekly.runId, finishedExecution(weekly, runReport(weekly, { status: 'COMPLETED_WITH_ERRORS' }))],
  ]);
  stack.sfn.on(ListExecutionsCommand).resolves({
    executions: [daily, weekly, dailyBefore].map((run) => ({
      executionArn: executionArnOf(run.runId),
      stateMachineArn: 'arn',
      name: run.runId,
      status: 'SUCCEEDED',
      startDate: new Date(run.scheduledTime),
    })),
  });
  stack.sfn
    .on(DescribeExecutionCommand)
    .callsFake((input: { executionArn: string }) => described.get(input.executionArn.split(':').pop() ?? ''));
}

describe('status --remote', () => {
  it('shows each rule with its state, expression and next three runs, and the last executions of each job', async () => {
    mockExecutions();
    stack.ruleStates.weekly = 'DISABLED';

    const { code, stdout } = await cli(['status', '--remote', '--region', 'eu-west-1']);

    expect(code).toBe(0);
    expect(stdout).toContain('stack: LeadSessionMaintenance (eu-west-1)');
    expect(stdout).toContain(
      '  daily    ENABLED   cron(0 2 * * ? *)      next 2026-11-30T02:00Z, 2026-12-01T02:00Z, 2026-12-02T02:00Z',
    );
    // A disabled rule fires nothing: no next runs are shown for it.
    expect(stdout).toContain('  weekly   DISABLED  cron(0 3 ? * SUN *)    no next run (disabled)');
    expect(stdout).toContain('next 2026-12-01T04:00Z, 2027-01-01T04:00Z, 2027-02-01T04:00Z');
    expect(stdout).toMatch(/daily-20261129T020000Z {2}leads scanned: 1,441; sessions removed: 5,656 \(expired 4,660/);
    expect(stdout).toMatch(/2026-11-29T02:00:00.000Z {2}COMPLETED +41.2 s {2}daily-20261129T020000Z/);
    expect(stdout).toMatch(
      /2026-11-28T02:00:00.000Z {2}FAILED +42.0 s {2}daily-20261128T020000Z {2}error: MaintenanceRunFailed/,
    );
    expect(stdout).toMatch(/COMPLETED_WITH_ERRORS +41.2 s {2}weekly-20261122T030000Z/);
    expect(stdout).toContain('monthly: lease: not checked (set MONGODB_URI)\n  no executions in the latest 100');
  });

  it('reads the leases from MongoDB when MONGODB_URI is set', async () => {
    mockExecutions();
    const mongo: EmbeddedMongo = await startEmbeddedMongo({ port: 0 });
    try {
      const client = await new MongoClient(mongo.uri).connect();
      await new RunRecords(client.db('crm')).acquireLease('daily', 'daily-20261129T020000Z', now, 30 * 60_000);
      await client.close();

      const { stdout } = await cli(['status', '--remote', '--json'], { MONGODB_URI: `${mongo.uri}/crm` });

      const status = JSON.parse(stdout) as { jobs: { job: string; lease: unknown }[] };
      expect(status.jobs.map((job) => job.lease)).toEqual([
        { runId: 'daily-20261129T020000Z', expiresAt: '2026-11-29T03:17:00.000Z' },
        null,
        null,
      ]);
    } finally {
      await mongo.stop();
    }
  });

  it('names the stack and region when the stack does not exist', async () => {
    await expect(cli(['status', '--remote', '--stack', 'Nope'])).rejects.toThrow(
      'stack Nope not found in eu-west-1 (set --stack, SESSION_STACK_NAME or --region)',
    );
  });

  it('takes the stack name from SESSION_STACK_NAME', async () => {
    await expect(cli(['status', '--remote'], { SESSION_STACK_NAME: 'Other' })).rejects.toThrow('stack Other not found');
  });
});

describe('schedule enable|disable --remote', () => {
  it('disables every rule by default and prints each state before -> after', async () => {
    const { code, stdout } = await cli(['schedule', 'disable', '--remote']);

    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'schedules of LeadSessionMaintenance (eu-west-1):',
        `  daily    ENABLED -> DISABLED  (${ruleName('daily')})`,
        `  weekly   ENABLED -> DISABLED  (${ruleName('weekly')})`,
        `  monthly  ENABLED -> DISABLED  (${ruleName('monthly')})`,
        '',
      ].join('\n'),
    );
    expect(stack.eventBridge.commandCalls(DisableRuleCommand).map((call) => call.args[0].input)).toEqual([
      { Name: ruleName('daily') },
      { Name: ruleName('weekly') },
      { Name: ruleName('monthly') },
    ]);
  });

  it('enables one rule, leaving the others alone', async () => {
    stack.ruleStates.weekly = 'DISABLED';
    stack.ruleStates.daily = 'DISABLED';

    const { code, stdout } = await cli(['schedule', 'enable', 'weekly', '--remote', '--json']);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      stack: 'LeadSessionMaintenance',
      changes: [{ job: 'weekly', ruleName: ruleName('weekly'), before: 'DISABLED', after: 'ENABLED' }],
    });
    expect(stack.eventBridge.commandCalls(EnableRuleCommand)).toHaveLength(1);
    expect(stack.ruleStates.daily).toBe('DISABLED');
  });

  it('exits 1 when a rule does not read back in the requested state', async () => {
    // EventBridge "accepts" but nothing changes (this replaces the fake for the rest of the file: no later test enables).
    stack.eventBridge.on(EnableRuleCommand).resolves({});
    stack.ruleStates.monthly = 'DISABLED';
    const { code, stdout } = await cli(['schedule', 'enable', 'monthly', '--remote']);
    expect(code).toBe(1);
    expect(stdout).toContain('monthly  DISABLED -> DISABLED');
  });

  it('without --remote, explains that schedules live in EventBridge (usage error, nothing called)', async () => {
    const { code, stderr } = await cli(['schedule', 'enable']);
    expect(code).toBe(2);
    expect(stderr).toContain('schedule enable needs --remote: schedules are EventBridge rules of the deployed stack');
    expect(stack.eventBridge.commandCalls(EnableRuleCommand)).toHaveLength(0);
  });
});

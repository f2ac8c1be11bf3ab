import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobHandler } from '#functions/job-handler.ts';
import { InvalidJobRequestError } from '#shared/jobs/job-request.ts';
import { createLocalStateMachine } from '#local/runner/local-state-machine.ts';
import { deployedDefinition, startLocalStack, type LocalStack } from '../../support/local-stack.ts';

const scheduled = (time: string) => ({
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  time,
  id: 'e1',
  detail: {},
});
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ leadCount: 150 });
});
afterAll(async () => {
  await stack.close();
});

describe('job functions', () => {
  it('start one run for a scheduled event delivered twice (the run id is the execution name)', async () => {
    const machine = createLocalStateMachine({
      definition: deployedDefinition(),
      dependencies: async () => stack.environment.dependencies,
    });
    const handler = createJobHandler('monthly', () => machine.starter, {});
    const first = await handler(scheduled('2026-11-01T04:00:00Z'), { awsRequestId: 'delivery-1' });
    const second = await handler(scheduled('2026-11-01T04:00:00Z'), { awsRequestId: 'delivery-2' });
    expect(first).toMatchObject({ started: true, runId: 'monthly-20261101T040000Z' });
    expect(second).toMatchObject({ started: false, reason: 'duplicate', runId: 'monthly-20261101T040000Z' });
    expect((await machine.result('monthly-20261101T040000Z')).output?.status).toBe('COMPLETED');
    expect(await stack.environment.dependencies.runRecords.recentRuns('monthly', 10)).toHaveLength(1);
  });

  it('does nothing for a scheduled event while SESSION_CLEANUP_ENABLED=false, and says why', async () => {
    const machine = createLocalStateMachine({
      definition: deployedDefinition(),
      dependencies: async () => stack.environment.dependencies,
    });
    const handler = createJobHandler('daily', () => machine.starter, { SESSION_CLEANUP_ENABLED: 'false' });
    const outcome = await handler(scheduled('2026-11-28T02:00:00Z'), { awsRequestId: 'x' });
    expect(outcome).toMatchObject({ started: false, reason: 'disabled' });
    expect(outcome.started ? '' : outcome.message).toContain('SESSION_CLEANUP_ENABLED=false');
  });

  it('still runs a manual payload while the schedule is disabled', async () => {
    const run = await stack.run('daily', { dryRun: true });
    expect(run.start.started).toBe(true);
  });

  it.each([
    [{ dryrun: true }, 'unknown field(s): dryrun'],
    [{ days: 0 }, 'days must be a whole number from 1 to 365'],
    [{ leadIds: [{ $gt: '' }] }, 'leadIds.0'],
  ])('rejects the payload %j naming the field, and starts nothing', async (payload, message) => {
    const machine = createLocalStateMachine({
      definition: deployedDefinition(),
      dependencies: async () => stack.environment.dependencies,
    });
    const handler = createJobHandler('daily', () => machine.starter, {});
    const before = (await stack.environment.dependencies.runRecords.recentRuns(null, 100)).length;
    await expect(handler(payload, { awsRequestId: 'bad' })).rejects.toThrow(InvalidJobRequestError);
    await expect(handler(payload, { awsRequestId: 'bad' })).rejects.toThrow(message);
    expect((await stack.environment.dependencies.runRecords.recentRuns(null, 100)).length).toBe(before);
  });
});

import { readFile } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobHandler } from '#functions/job-handler.ts';
import { createLocalStateMachine } from '#local/runner/local-state-machine.ts';
import { runJobLocally } from '#local/runner/run-job.ts';
import type { ConfigurationError } from '#shared/core/config.ts';
import { loadSettings } from '#shared/core/settings.ts';
import { failureDependenciesOf, type JobDependencies } from '#shared/jobs/ports.ts';
import type { RunReport } from '#shared/jobs/run-report.ts';
import { unreachableDatabase } from '#shared/mongo/connection-failure.ts';
import { deployedDefinition, startLocalStack, type LocalStack } from '../../support/local-stack.ts';

/**
 * A run whose Plan fails, through the synthesized state machine executed locally: whatever failed, the run
 * leaves a FAILED report with the cause, and a run record whenever the database can be reached.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ leadCount: 20 });
}, 120_000);
afterAll(async () => {
  await stack.close();
});

async function reportOf(key: string): Promise<RunReport> {
  const path = (await stack.environment.store.locate(key)) as string;
  return JSON.parse(await readFile(path, 'utf8')) as RunReport;
}

describe('a failing Plan in the deployed state machine', () => {
  it('with a bad setting in the steps: records the run (created by upsert) and writes the report', async () => {
    // Prepare: the job function's settings are fine; the steps' environment holds a bad value (edited by hand).
    const badSetting = (() => {
      try {
        return loadSettings({ BATCH_SIZE: 'abc' });
      } catch (error) {
        return error as ConfigurationError;
      }
    })();
    const deps = stack.environment.dependencies;
    const machine = createLocalStateMachine({
      definition: deployedDefinition(),
      dependencies: () => Promise.reject(badSetting),
      failureDependencies: async () => failureDependenciesOf(deps),
    });
    const handler = createJobHandler('daily', () => machine.starter, {}, deps.logger);

    // Act
    const start = await handler({ dryRun: true }, { awsRequestId: 'failed-plan-setting' });
    if (!start.started) throw new Error('the run did not start');
    const execution = await machine.result(start.runId);

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.failedRun?.failure).toBe(
      'ConfigurationError: invalid configuration: BATCH_SIZE="abc" is not accepted: expected a whole number from 10 to 10000',
    );
    const record = await deps.runRecords.findRun(start.runId);
    expect(record).toMatchObject({
      status: 'FAILED',
      job: 'daily',
      dryRun: true,
      failure: execution.failedRun?.failure,
    });
    const report = await reportOf(execution.failedRun?.reportKey as string);
    expect(report).toMatchObject({ status: 'FAILED', failure: execution.failedRun?.failure });
    expect(report.runRecordNotWritten).toBeUndefined();
    expect(await deps.runRecords.currentLease('daily')).toBeNull();
  });

  it('with the database unreachable: writes the report, saying the run record could not be written', async () => {
    // Prepare
    const unreachable = unreachableDatabase(
      'mongodb://ops:pw@db.example:27017/app',
      'MONGODB_URI',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      3000,
    );
    const deps: JobDependencies = stack.environment.dependencies;

    // Act
    const run = await runJobLocally({
      job: 'weekly',
      payload: {},
      definition: deployedDefinition(),
      dependencies: deps,
      connected: () => Promise.reject(unreachable),
      environment: {},
      requestId: 'failed-plan-unreachable',
    });

    // Assess
    expect(run.execution?.status).toBe('FAILED');
    const summary = run.execution?.failedRun;
    expect(summary?.failure).toBe(
      'TransientDatabaseError: cannot reach MongoDB at db.example:27017 (MONGODB_URI): ' +
        'connection refused (is the server running, and is the port right?)',
    );
    const report = await reportOf(summary?.reportKey as string);
    expect(report.status).toBe('FAILED');
    expect(report.runRecordNotWritten).toMatch(/^cannot reach MongoDB at db\.example:27017/);
    expect(JSON.stringify(report)).not.toContain('pw');
    if (!run.start.started) throw new Error('the run did not start');
    expect(await deps.runRecords.findRun(run.start.runId)).toBeNull();
  });
});

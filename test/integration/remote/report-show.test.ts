import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '#local/cli/dispatch.ts';
import { createS3ObjectStore } from '#shared/storage/s3-object-store.ts';
import { collectingIo, startFakeStack, type FakeStack } from './support/fake-stack.ts';
import { runContext, runReport, storeReport } from './support/run-fixtures.ts';

let stack: FakeStack;
const october = runContext('monthly', 'monthly-20261101T040000Z', '2026-11-01T04:00:00.000Z');
const september = runContext('monthly', 'monthly-20261001T040000Z', '2026-10-01T04:00:00.000Z');
const dryRunInNovember = runContext(
  'monthly',
  'monthly-dryrun-20261115T100000Z-ab12',
  '2026-11-15T10:00:00.000Z',
  true,
);

beforeAll(async () => {
  stack = await startFakeStack();
  const store = createS3ObjectStore({ bucket: stack.s3.bucket, client: stack.s3.client });
  const september_ = runReport(september);
  // The analytics fixture is about October; the older report is made to say September.
  const septemberReport = {
    ...september_,
    analytics: september_.analytics && {
      ...september_.analytics,
      period: { start: '2026-09-01T00:00:00.000Z', end: '2026-10-01T00:00:00.000Z' },
    },
  };
  await storeReport(store, septemberReport as typeof september_);
  await storeReport(store, runReport(october));
  await storeReport(store, runReport(dryRunInNovember));
  await storeReport(store, runReport(runContext('daily', 'daily-20261129T020000Z', '2026-11-29T02:00:00.000Z')));
});
afterAll(async () => stack?.stop());

async function cli(argv: string[]) {
  const output = collectingIo();
  const code = await runCli(argv, { io: output.io, environment: {}, remoteClients: () => stack.clients });
  return { code, stdout: output.stdout(), stderr: output.stderr() };
}

const htmlLink = (stdout: string): string => /HTML: (\S+)/.exec(stdout)?.[1] ?? '';

describe('report show --remote', () => {
  it('shows the latest monthly report with a presigned link to its HTML page that a browser can open', async () => {
    const { code, stdout } = await cli(['report', 'show', '--remote']);

    expect(code).toBe(0);
    expect(stdout).toContain(`monthly report ${october.runId}: COMPLETED`);
    expect(stdout).toContain(`report: s3://${stack.s3.bucket}/reports/monthly/2026/11/01/${october.runId}.json`);
    const link = htmlLink(stdout);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/test-bucket\/reports\/monthly\/2026\/11\/01\/.*\.html\?/);
    expect(link).toContain('X-Amz-Expires=3600');
    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toMatch(/^<!DOCTYPE html>/i);
  });

  it('finds the report about a month among the reports dated the month after, skipping dry runs', async () => {
    const { stdout } = await cli(['report', 'show', '--month', '2026-10', '--remote']);
    expect(stdout).toContain(`monthly report ${october.runId}`);
    expect(stdout).toContain('period: 2026-10-01 00:00 UTC .. 2026-11-01 00:00 UTC');

    const { stdout: older } = await cli(['report', 'show', '--month', '2026-09', '--remote']);
    expect(older).toContain(`monthly report ${september.runId}`);
  });

  it('shows the latest daily report as JSON', async () => {
    const { code, stdout } = await cli(['report', 'show', '--job', 'daily', '--remote', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ runId: 'daily-20261129T020000Z', job: 'daily' });
  });

  it('exits 1 naming the bucket when there is no such report', async () => {
    const { code, stderr } = await cli(['report', 'show', '--month', '2025-01', '--remote']);
    expect(code).toBe(1);
    expect(stderr).toBe(`error: no monthly report for 2025-01 in s3://${stack.s3.bucket}\n`);
  });
});

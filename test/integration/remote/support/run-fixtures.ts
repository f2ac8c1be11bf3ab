import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { DescribeExecutionCommandOutput, ExecutionStatus } from '@aws-sdk/client-sfn';
import { renderMonthlyReportHtml } from '#shared/reports/monthly-html.ts';
import type { RunContext, JobName } from '#shared/jobs/run-context.ts';
import { summarize, type RunReport } from '#shared/jobs/run-report.ts';
import { putJson } from '#shared/storage/json-objects.ts';
import { latestReportHtmlKey, latestReportKey, reportHtmlKey, reportKey } from '#shared/storage/keys.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { busyMonthReport } from '../../../unit/reports/analytics-fixtures.ts';
import { stateMachineArn } from './fake-stack.ts';

export const executionArnOf = (runId: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${runId}`;

export function runContext(job: JobName, runId: string, scheduledTime: string, dryRun = false): RunContext {
  return {
    runId,
    job,
    trigger: 'manual',
    scheduledTime,
    dryRun,
    parameters: {
      sessionExpiryDays: 30,
      compressionAfterDays: 7,
      maxSessionsPerLead: 10,
      batchSize: 1000,
      leadIds: null,
    },
  };
}

// The demo's figures (npm run demo), so the examples read like a real run.
const dailyCounts = {
  leadsScanned: 1441,
  sessionsRemoved: { expired: 4660, orphaned: 56, overLimit: 895, invalid: 45 },
};
const weeklyCounts = {
  leadsScanned: 1126,
  sessionsCompressed: 2768,
  historyEntriesDeduplicated: 11,
  expiredCookiesRemoved: 17_020,
  duplicateCookiesRemoved: 904,
  bytesSaved: 12_966_846,
};

/** The report Finalize writes for a run (daily or weekly counts; monthly analytics from the unit fixtures). */
export function runReport(
  run: RunContext,
  overrides: Partial<Pick<RunReport, 'status' | 'failure' | 'batches' | 'counts'>> = {},
): RunReport {
  const at = new Date(run.scheduledTime);
  const monthly = run.job === 'monthly';
  return {
    schemaVersion: 1,
    runId: run.runId,
    job: run.job,
    status: 'COMPLETED',
    trigger: run.trigger,
    dryRun: run.dryRun,
    scheduledTime: run.scheduledTime,
    parameters: { ...run.parameters, leadIds: null },
    startedAt: run.scheduledTime,
    finishedAt: new Date(at.getTime() + 41_200).toISOString(),
    durationMs: 41_200,
    batches: { planned: 2, succeeded: 2, failed: [] },
    counts: monthly ? {} : run.job === 'weekly' ? weeklyCounts : dailyCounts,
    analytics: monthly ? busyMonthReport() : null,
    locations: {
      report: reportKey(run.job, run.runId, at),
      ...(monthly ? { html: reportHtmlKey(run.job, run.runId, at) } : {}),
      ...(run.dryRun && !monthly ? { plans: `plans/${run.runId}/` } : {}),
    },
    failure: null,
    ...overrides,
  };
}

/** Writes a report (and the monthly HTML) where Finalize does, `latest` included for real runs. */
export async function storeReport(store: ObjectStore, report: RunReport): Promise<void> {
  await putJson(store, report.locations.report, report);
  const html = report.analytics ? renderMonthlyReportHtml(report.analytics, report) : null;
  if (html !== null && report.locations.html)
    await store.put(report.locations.html, html, { contentType: 'text/html; charset=utf-8' });
  if (report.dryRun) return;
  await putJson(store, latestReportKey(report.job), report);
  if (html !== null)
    await store.put(latestReportHtmlKey(report.job), html, { contentType: 'text/html; charset=utf-8' });
}

/** Lambda Invoke's answer: the SDK wraps the payload bytes in a blob adapter, which plain bytes stand in for here. */
export function invokeResponse(body: unknown, functionError?: string): InvokeCommandOutput {
  return {
    $metadata: {},
    StatusCode: 200,
    ...(functionError === undefined ? {} : { FunctionError: functionError }),
    ...(body === undefined
      ? {}
      : { Payload: new TextEncoder().encode(JSON.stringify(body)) as InvokeCommandOutput['Payload'] }),
  };
}

/** DescribeExecution's answer for a run (finished unless `status` says otherwise). */
export function finishedExecution(
  run: RunContext,
  report: RunReport | null,
  status: ExecutionStatus = 'SUCCEEDED',
): DescribeExecutionCommandOutput {
  const startDate = new Date(run.scheduledTime);
  return {
    $metadata: {},
    executionArn: executionArnOf(run.runId),
    stateMachineArn,
    name: run.runId,
    status,
    startDate,
    stopDate: new Date(startDate.getTime() + 42_000),
    input: JSON.stringify({ run }),
    ...(status === 'SUCCEEDED' && report ? { output: JSON.stringify(summarize(report)) } : {}),
    ...(status === 'FAILED'
      ? {
          error: 'MaintenanceRunFailed',
          cause:
            'Plan, the batches or Finalize failed: the run report says why (and the run record, when the database answered)',
        }
      : {}),
  };
}

import type { Document } from 'mongodb';
import {
  buildAnalyticsReport,
  emptyStatistics,
  mergeStatistics,
  previousCalendarMonth,
  type AnalyticsReport,
  type BatchStatistics,
} from '#shared/core/analytics/index.ts';
import type { BatchRecord, RunRecord, RunStatus } from '#shared/mongo/run-records.ts';
import { getJson, putJson } from '#shared/storage/json-objects.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { archivePrefix, latestReportHtmlKey, latestReportKey, reportHtmlKey, reportKey } from '#shared/storage/keys.ts';
import { renderMonthlyReportHtml } from '#shared/reports/monthly-html.ts';
import { addCounts, type CountTree } from './counters.ts';
import { expectedLeadIndexes, presentLeadIndexes } from './lead-indexes.ts';
import type { JobDependencies } from './ports.ts';
import { runPolicy, type RunContext } from './run-context.ts';
import { announceRunEnd } from './run-end.ts';
import { summarize, type FailedBatch, type RunReport, type RunSummary } from './run-report.ts';

export function batchOutcomes(
  records: readonly BatchRecord[],
  batchCount: number,
): { done: BatchRecord[]; failed: FailedBatch[] } {
  const byIndex = new Map(records.map((record) => [record.index, record]));
  const done: BatchRecord[] = [];
  const failed: FailedBatch[] = [];
  for (let index = 0; index < batchCount; index += 1) {
    const record = byIndex.get(index);
    if (record?.status === 'done') done.push(record);
    else failed.push({ index, error: record?.error ?? 'no result recorded (the worker crashed or timed out)' });
  }
  return { done, failed };
}

async function monthlyAnalytics(
  deps: JobDependencies,
  run: RunContext,
  done: readonly BatchRecord[],
): Promise<AnalyticsReport> {
  const now = new Date(run.scheduledTime);
  const statistics = done.reduce<BatchStatistics>(
    (sum, record) => mergeStatistics(sum, record.counters as BatchStatistics),
    emptyStatistics(),
  );
  const previous = await getJson<RunReport>(deps.store, latestReportKey('monthly'));
  const history = await deps.runRecords.recentRuns(null, 50);
  return buildAnalyticsReport({
    statistics,
    now,
    period: previousCalendarMonth(now),
    policy: runPolicy(run, deps.policy),
    previous: previous?.analytics ?? null,
    runHistory: history
      .filter((record: RunRecord) => record.finishedAt !== null && record._id !== run.runId)
      .map((record) => ({
        job: record.job,
        status: record.status,
        durationMs: (record.finishedAt as Date).getTime() - record.startedAt.getTime(),
        finishedAt: (record.finishedAt as Date).toISOString(),
      })),
    indexes: { expected: [...expectedLeadIndexes], present: await presentLeadIndexes(deps.leads) },
  });
}

/** Writes the report (and the monthly HTML page), updating `latest` for real runs. */
export async function writeReport(store: ObjectStore, report: RunReport): Promise<void> {
  await putJson(store, report.locations.report, report);
  if (report.locations.html && report.analytics) {
    await store.put(report.locations.html, renderMonthlyReportHtml(report.analytics, report), {
      contentType: 'text/html; charset=utf-8',
    });
  }
  if (report.dryRun) return;
  await putJson(store, latestReportKey(report.job), report);
  if (report.locations.html && report.analytics) {
    await store.put(latestReportHtmlKey(report.job), renderMonthlyReportHtml(report.analytics, report), {
      contentType: 'text/html; charset=utf-8',
    });
  }
}

export interface Completion {
  readonly status: RunStatus;
  readonly counts: CountTree;
  readonly analytics: AnalyticsReport | null;
  readonly failed: readonly FailedBatch[];
  readonly batchCount: number;
  readonly failure: string | null;
}

/** The report of a finished run (any status), located by the run's slot. */
export function buildRunReport(run: RunContext, completion: Completion, startedAt: Date, finishedAt: Date): RunReport {
  const reportAt = new Date(run.scheduledTime);
  const withHtml = run.job === 'monthly' && completion.analytics !== null;
  return {
    schemaVersion: 1,
    runId: run.runId,
    job: run.job,
    status: completion.status,
    trigger: run.trigger,
    dryRun: run.dryRun,
    scheduledTime: run.scheduledTime,
    parameters: runParameters(run),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    batches: {
      planned: completion.batchCount,
      succeeded: completion.batchCount - completion.failed.length,
      failed: completion.failed,
    },
    counts: completion.counts,
    analytics: completion.analytics,
    locations: {
      report: reportKey(run.job, run.runId, reportAt),
      ...(withHtml ? { html: reportHtmlKey(run.job, run.runId, reportAt) } : {}),
      ...(run.dryRun && run.job !== 'monthly' ? { plans: `plans/${run.runId}/` } : {}),
      ...(!run.dryRun && run.job !== 'monthly' ? { archive: archivePrefix(run.runId) } : {}),
    },
    failure: completion.failure,
  };
}

/** The run's parameters as records and reports keep them: the number of lead ids, never the ids. */
export function runParameters(run: RunContext): Document {
  return { ...run.parameters, leadIds: run.parameters.leadIds?.length ?? null } as Document;
}

async function completeRun(deps: JobDependencies, run: RunContext, completion: Completion): Promise<RunSummary> {
  const finishedAt = deps.now();
  const record = await deps.runRecords.findRun(run.runId);
  const report = buildRunReport(run, completion, record?.startedAt ?? finishedAt, finishedAt);
  await writeReport(deps.store, report);
  const summary = summarize(report);
  await deps.runRecords.finishRun(run.runId, {
    status: report.status,
    finishedAt: new Date(report.finishedAt),
    summary: summary as unknown as Document,
    failure: report.failure,
  });
  await deps.runRecords.releaseLease(run.job, run.runId);
  await announceRunEnd(deps, report, summary);
  deps.logger.info('run finished', {
    runId: run.runId,
    job: run.job,
    status: report.status,
    durationMs: report.durationMs,
  });
  return summary;
}

/**
 * The Finalize step.
 *
 * 1. Read the batch records; a planned batch without a "done" record failed (its error, or "no result recorded").
 * 2. Merge the batches' counters (monthly: statistics, then the analytics report with trends and recommendations).
 * 3. Write the report (and the monthly HTML page); update the run record; release the lease.
 * 4. Emit the run's metrics and the "run finished" event; return the summary.
 */
export async function finalizeRun(deps: JobDependencies, run: RunContext, batchCount: number): Promise<RunSummary> {
  const { done, failed } = batchOutcomes(await deps.runRecords.batchRecords(run.runId), batchCount);
  const counts =
    run.job === 'monthly'
      ? {}
      : done.reduce<CountTree>((sum, record) => addCounts(sum, (record.counters ?? {}) as CountTree), {});
  const analytics = run.job === 'monthly' ? await monthlyAnalytics(deps, run, done) : null;
  const status: RunStatus = failed.length === 0 ? 'COMPLETED' : 'COMPLETED_WITH_ERRORS';
  return completeRun(deps, run, { status, counts, analytics, failed, batchCount, failure: null });
}

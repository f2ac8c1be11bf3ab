import type { Document } from 'mongodb';
import type { RunRecords } from '#shared/mongo/run-records.ts';
import { redactText } from '#shared/runtime/redact.ts';
import { addCounts, type CountTree } from './counters.ts';
import { batchOutcomes, buildRunReport, runParameters, writeReport } from './finalize-run.ts';
import type { RunFailureDependencies } from './ports.ts';
import type { RunContext } from './run-context.ts';
import { describeStepError, type StepError } from './process-batch.ts';
import { announceRunEnd } from './run-end.ts';
import { summarize, type FailedBatch, type RunReport, type RunSummary } from './run-report.ts';

const reasonOf = (error: unknown): string => redactText(error instanceof Error ? error.message : String(error));

interface RecordedSoFar {
  readonly runRecords: RunRecords | null;
  readonly startedAt: Date | null;
  readonly batchCount: number;
  readonly done: readonly Document[];
  readonly failed: readonly FailedBatch[];
  readonly databaseProblem: string | null;
}

/** What the database still knows of the run; nothing, with the reason, when it cannot be reached. */
async function recordedSoFar(deps: RunFailureDependencies, run: RunContext): Promise<RecordedSoFar> {
  try {
    const runRecords = await deps.runRecords();
    const record = await runRecords.findRun(run.runId);
    const batchCount = record?.batchCount ?? 0;
    const { done, failed } = batchOutcomes(await runRecords.batchRecords(run.runId), batchCount);
    return { runRecords, startedAt: record?.startedAt ?? null, batchCount, done, failed, databaseProblem: null };
  } catch (error) {
    return { runRecords: null, startedAt: null, batchCount: 0, done: [], failed: [], databaseProblem: reasonOf(error) };
  }
}

/**
 * The RecordFailedRun step: Plan, the Map or Finalize failed, for whatever reason (a bad setting, an unreachable
 * database included).
 *
 * 1. Read what the database knows of the run (its start, its batches); when it cannot be reached, go on without.
 * 2. Write the FAILED report with the redacted cause to the reports store. This must succeed: it is how an
 *    operator learns why.
 * 3. Create or finish the run record (an upsert: Plan may have failed before claiming the run) and release the
 *    lease; when the database cannot be reached the report says so instead, and the lease expires on its own.
 * 4. Emit the run's metrics and the "run finished" event; return the summary.
 */
export async function recordFailedRun(
  deps: RunFailureDependencies,
  run: RunContext,
  failure: StepError,
): Promise<RunSummary> {
  const finishedAt = deps.now();
  const known = await recordedSoFar(deps, run);
  const counts =
    run.job === 'monthly'
      ? {}
      : known.done.reduce<CountTree>((sum, batch) => addCounts(sum, (batch.counters ?? {}) as CountTree), {});
  const completion = {
    status: 'FAILED' as const,
    counts,
    analytics: null,
    failed: known.failed,
    batchCount: known.batchCount,
    failure: describeStepError(failure),
  };
  const startedAt = known.startedAt ?? finishedAt;
  let report: RunReport = buildRunReport(run, completion, startedAt, finishedAt);
  if (known.databaseProblem !== null) report = { ...report, runRecordNotWritten: known.databaseProblem };
  const summary = summarize(report);
  let recordProblem = known.databaseProblem;
  if (known.runRecords !== null) {
    try {
      await known.runRecords.recordFinishedRun(
        {
          _id: run.runId,
          job: run.job,
          trigger: run.trigger,
          dryRun: run.dryRun,
          startedAt,
          parameters: runParameters(run),
        },
        { status: 'FAILED', finishedAt, summary: summary as unknown as Document, failure: report.failure },
      );
      await known.runRecords.releaseLease(run.job, run.runId);
    } catch (error) {
      recordProblem = reasonOf(error);
      report = { ...report, runRecordNotWritten: recordProblem };
    }
  }
  await writeReport(deps.store, report);
  await announceRunEnd(deps, report, summary);
  deps.logger.error('run failed', {
    runId: run.runId,
    job: run.job,
    failure: report.failure,
    ...(recordProblem === null ? {} : { runRecordNotWritten: recordProblem }),
  });
  return summary;
}

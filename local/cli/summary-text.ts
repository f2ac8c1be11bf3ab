import type { LocalJobRun } from '#local/runner/run-job.ts';
import type { RunSummary } from '#shared/jobs/run-report.ts';
import { redactText } from '#shared/runtime/redact.ts';
import { formatCount, formatDuration } from '#shared/format/figures.ts';
import { describeHeadline } from '#shared/format/run-headline.ts';

/** An error's class name leading a cause (`TransientDatabaseError: `, `Error: `). */
const leadingErrorName = /^(?:[A-Z][A-Za-z0-9]*)?(?:Error|Exception): (?=\S)/;

/**
 * A run's cause as people read it: the message without the error's class name (`cannot reach MongoDB at ...`, not
 * `TransientDatabaseError: cannot reach MongoDB at ...`). Only the human output drops it: `--json`, the report and
 * the run record keep the cause whole. Names that are not a class's (`States.Timeout`, `FAILED: ...`) stay.
 */
export function causeMessage(cause: string): string {
  return cause.replace(leadingErrorName, '');
}

/** The readable run summary the command line prints (the JSON form is the RunSummary itself). */
export function describeRun(run: LocalJobRun, reportPath: string | null): string {
  if (!run.start.started) return `${run.start.message}\n`;
  const execution = run.execution;
  const summary = execution?.output ?? execution?.failedRun ?? null;
  if (summary === null) {
    return `run ${run.start.runId}: FAILED\n  ${causeMessage(execution?.error ?? 'the execution did not finish')}\n`;
  }
  const lines = [
    `${summary.job} run ${summary.runId}: ${summary.status}${summary.dryRun ? ' (dry run: nothing was changed)' : ''} in ${formatDuration(summary.durationMs)}`,
    `  batches: ${formatCount(summary.batches.planned - summary.batches.failed)} of ${formatCount(summary.batches.planned)} succeeded`,
    `  ${describeHeadline(summary.job, summary.headline, summary.dryRun)}`,
  ];
  if (summary.failure) lines.push(`  failure: ${causeMessage(summary.failure)}`);
  if (reportPath) lines.push(`  report: ${reportPath}`);
  return `${lines.join('\n')}\n`;
}

/** `run daily-manual-x failed: cannot reach MongoDB at ...`: the error line of a run that did not succeed. */
export function runFailureLine(runId: string, endedVerb: string, cause: string): string {
  return `run ${runId} ${endedVerb}: ${causeMessage(cause)}`;
}

/** The error line of a failed local run. */
export function failureLine(run: LocalJobRun, summary: RunSummary | null): string {
  const runId = run.start.started ? run.start.runId : 'run';
  const cause = summary?.failure ?? run.execution?.error ?? 'the execution did not finish';
  return runFailureLine(runId, 'failed', redactText(cause));
}

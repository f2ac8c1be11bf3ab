import type { LocalJobRun } from '#local/runner/run-job.ts';
import { formatCount, formatDuration } from '#shared/format/figures.ts';
import { describeHeadline } from '#shared/format/run-headline.ts';

/** The readable run summary the command line prints (the JSON form is the RunSummary itself). */
export function describeRun(run: LocalJobRun, reportPath: string | null): string {
  if (!run.start.started) return `${run.start.message}\n`;
  const execution = run.execution;
  if (execution === null || execution.output === null) {
    return `run ${run.start.runId}: FAILED\n  ${execution?.error ?? 'the execution did not finish'}\n`;
  }
  const summary = execution.output;
  const lines = [
    `${summary.job} run ${summary.runId}: ${summary.status}${summary.dryRun ? ' (dry run: nothing was changed)' : ''} in ${formatDuration(summary.durationMs)}`,
    `  batches: ${formatCount(summary.batches.planned - summary.batches.failed)} of ${formatCount(summary.batches.planned)} succeeded`,
    `  ${describeHeadline(summary.job, summary.headline, summary.dryRun)}`,
  ];
  if (reportPath) lines.push(`  report: ${reportPath}`);
  return `${lines.join('\n')}\n`;
}

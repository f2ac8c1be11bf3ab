import type { LocalJobRun } from '#local/runner/run-job.ts';
import type { RunSummary } from '#shared/jobs/run-report.ts';
import { redactText } from '#shared/runtime/redact.ts';

const number = (value: number | null | undefined): string =>
  value === null || value === undefined ? 'n/a' : value.toLocaleString('en-US');
const percent = (value: number | null | undefined): string =>
  value === null || value === undefined ? 'n/a' : `${(value * 100).toFixed(1)} %`;

/** The readable run summary the command line prints (the JSON form is the RunSummary itself). */
export function describeRun(run: LocalJobRun, reportPath: string | null): string {
  if (!run.start.started) return `${run.start.message}\n`;
  const execution = run.execution;
  const summary = execution?.output ?? execution?.failedRun ?? null;
  if (summary === null) {
    return `run ${run.start.runId}: FAILED\n  ${execution?.error ?? 'the execution did not finish'}\n`;
  }
  const h = summary.headline;
  const lines = [
    `${summary.job} run ${summary.runId}: ${summary.status}${summary.dryRun ? ' (dry run: nothing was changed)' : ''} in ${(summary.durationMs / 1000).toFixed(1)} s`,
    `  batches: ${summary.batches.planned - summary.batches.failed} of ${summary.batches.planned} succeeded`,
  ];
  const verb = summary.dryRun ? 'would remove' : 'removed';
  if (summary.job === 'daily') {
    lines.push(
      `  leads scanned: ${number(h.leadsScanned)}; sessions ${verb}: ${number(h.sessionsRemoved)} ` +
        `(expired ${number(h.expired)}, orphaned ${number(h.orphaned)}, over limit ${number(h.overLimit)}, invalid ${number(h.invalid)})`,
    );
  } else if (summary.job === 'weekly') {
    lines.push(
      `  leads scanned: ${number(h.leadsScanned)}; sessions ${summary.dryRun ? 'to compress' : 'compressed'}: ${number(h.sessionsCompressed)}; ` +
        `repeated entries ${verb}: ${number(h.historyEntriesDeduplicated)}; cookies ${verb}: ${number(h.cookiesRemoved)}; bytes ${summary.dryRun ? 'to save' : 'saved'}: ${number(h.bytesSaved)}`,
    );
  } else {
    lines.push(
      `  sessions: ${number(h.totalSessions)}; health score: ${percent(h.sessionHealthScore)}; utilization: ${percent(h.sessionUtilizationRate)}; recommendations: ${number(h.recommendations)}`,
    );
  }
  if (summary.failure) lines.push(`  failure: ${summary.failure}`);
  if (reportPath) lines.push(`  report: ${reportPath}`);
  return `${lines.join('\n')}\n`;
}

/** `run daily-manual-x failed: TransientDatabaseError: cannot reach MongoDB at ...`: the error line of a failed run. */
export function failureLine(run: LocalJobRun, summary: RunSummary | null): string {
  const runId = run.start.started ? run.start.runId : 'run';
  const cause = summary?.failure ?? run.execution?.error ?? 'the execution did not finish';
  return `run ${runId} failed: ${redactText(cause)}`;
}

import { formatDuration } from '#shared/format/figures.ts';
import { describeHeadline } from '#shared/format/run-headline.ts';

/** One past run as status shows it, whether it comes from a run record (local) or an execution (remote). */
export interface RunView {
  readonly runId: string;
  /** The run's job, when known: it decides how the headline reads. */
  readonly job: string | null;
  /** The run's status (COMPLETED, COMPLETED_WITH_ERRORS, FAILED, RUNNING). */
  readonly status: string;
  readonly dryRun: boolean;
  readonly startedAt: string;
  readonly durationMs: number | null;
  readonly headline: unknown;
}

export function runLine(run: RunView): string {
  const duration = run.durationMs === null ? 'running' : formatDuration(run.durationMs);
  const headline =
    run.headline !== null && typeof run.headline === 'object'
      ? `  ${describeHeadline(run.job, run.headline as Record<string, unknown>, run.dryRun)}`
      : '';
  return `  ${run.startedAt}  ${run.status.padEnd(21)} ${duration.padStart(8)}  ${run.runId}${run.dryRun ? ' (dry run)' : ''}${headline}`;
}

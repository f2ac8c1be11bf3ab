/** One past run as status shows it, whether it comes from a run record (local) or an execution (remote). */
export interface RunView {
  readonly runId: string;
  /** The run's status (COMPLETED, COMPLETED_WITH_ERRORS, FAILED, RUNNING). */
  readonly status: string;
  readonly dryRun: boolean;
  readonly startedAt: string;
  readonly durationMs: number | null;
  readonly headline: unknown;
}

export function runLine(run: RunView): string {
  const duration = run.durationMs === null ? 'running' : `${(run.durationMs / 1000).toFixed(1)} s`;
  const headline = run.headline === null ? '' : `  ${JSON.stringify(run.headline)}`;
  return `  ${run.startedAt}  ${run.status.padEnd(21)} ${duration.padStart(8)}  ${run.runId}${run.dryRun ? ' (dry run)' : ''}${headline}`;
}

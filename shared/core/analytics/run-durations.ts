import type { RunDurationFigures, RunHistoryEntry } from './figures.ts';

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** Latest first by `finishedAt`; equal instants by status, so the outcome does not depend on the input order. */
function newestFirst(a: RunHistoryEntry, b: RunHistoryEntry): number {
  return Date.parse(b.finishedAt) - Date.parse(a.finishedAt) || b.status.localeCompare(a.status);
}

/**
 * Run durations per job from the run history: how many runs, their median and longest duration (exact, from the
 * listed runs), and the status of the most recent one. Jobs appear in alphabetical order.
 */
export function runDurationsByJob(runHistory: readonly RunHistoryEntry[]): Record<string, RunDurationFigures> {
  const byJob = new Map<string, RunHistoryEntry[]>();
  for (const run of runHistory) byJob.set(run.job, [...(byJob.get(run.job) ?? []), run]);
  const jobs = [...byJob.keys()].sort();
  return Object.fromEntries(
    jobs.map((job) => {
      const runs = byJob.get(job) ?? [];
      const durations = runs.map((run) => run.durationMs);
      const newest = [...runs].sort(newestFirst)[0];
      const figures: RunDurationFigures = {
        count: runs.length,
        p50Ms: median(durations),
        maxMs: durations.length === 0 ? null : Math.max(...durations),
        lastStatus: newest?.status ?? null,
        lastFinishedAt: newest?.finishedAt ?? null,
      };
      return [job, figures];
    }),
  );
}

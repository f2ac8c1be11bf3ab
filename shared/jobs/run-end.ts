import type { MetricsSink, RunEventPublisher } from './ports.ts';
import { runMetrics } from './run-metrics.ts';
import type { RunReport, RunSummary } from './run-report.ts';

/**
 * Announces the end of a run, whatever its status: its metrics, then the "run finished" event carrying its summary.
 * Finalize and RecordFailedRun both end a run through here, so the alarms, the dashboard and the event's
 * subscribers see one set of metric names and one event shape for a completed and a failed run.
 */
export async function announceRunEnd(
  deps: { readonly metrics: MetricsSink; readonly events: RunEventPublisher },
  report: RunReport,
  summary: RunSummary,
): Promise<void> {
  deps.metrics.record(report.job, runMetrics(report));
  await deps.events.publishRunFinished(summary as unknown as Record<string, unknown>);
}

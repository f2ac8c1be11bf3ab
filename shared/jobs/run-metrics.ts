import { countAt } from './counters.ts';
import type { RunMetric } from './ports.ts';
import type { RunReport } from './run-report.ts';

/** Metric names shared with the alarms and the dashboard (infra/monitoring/metric-names.ts must agree). */
export const metricNames = {
  sessionsRemoved: 'SessionsRemoved',
  sessionsCompressed: 'SessionsCompressed',
  bytesSaved: 'BytesSaved',
  healthScore: 'HealthScore',
  failedBatches: 'FailedBatches',
  runDurationSeconds: 'RunDurationSeconds',
  leadsProcessed: 'LeadsProcessed',
  runsSucceeded: 'RunsSucceeded',
  runsFailed: 'RunsFailed',
} as const;

/**
 * The metrics a finished run emits. A dry run changes nothing, so it emits only its duration and outcome in a
 * dry-run form that the "no successful daily run" alarm does not count.
 */
export function runMetrics(report: RunReport): RunMetric[] {
  const metrics: RunMetric[] = [
    { name: metricNames.runDurationSeconds, value: report.durationMs / 1000, unit: 'Seconds' },
    { name: metricNames.failedBatches, value: report.batches.failed.length, unit: 'Count' },
  ];
  if (report.dryRun) return metrics;
  const succeeded = report.status !== 'FAILED';
  metrics.push({ name: succeeded ? metricNames.runsSucceeded : metricNames.runsFailed, value: 1, unit: 'Count' });
  metrics.push({ name: metricNames.leadsProcessed, value: countAt(report.counts, ['leadsScanned']), unit: 'Count' });
  if (report.job === 'daily') {
    for (const reason of ['expired', 'orphaned', 'overLimit', 'invalid']) {
      metrics.push({
        name: metricNames.sessionsRemoved,
        value: countAt(report.counts, ['sessionsRemoved', reason]),
        unit: 'Count',
        dimensions: { Reason: reason },
      });
    }
  }
  if (report.job === 'weekly') {
    metrics.push({
      name: metricNames.sessionsCompressed,
      value: countAt(report.counts, ['sessionsCompressed']),
      unit: 'Count',
    });
    metrics.push({ name: metricNames.bytesSaved, value: countAt(report.counts, ['bytesSaved']), unit: 'Bytes' });
  }
  const healthScore = report.analytics?.health.sessionHealthScore;
  if (report.job === 'monthly' && typeof healthScore === 'number') {
    metrics.push({ name: metricNames.healthScore, value: healthScore, unit: 'None' });
  }
  return metrics;
}

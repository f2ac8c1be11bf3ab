/**
 * The custom metrics of the maintenance runs, one list for the functions (EMF through Powertools), the alarms, the
 * dashboard and the tests. Free of CDK imports on purpose: Lambda code may import it.
 */

/** CloudWatch namespace of every custom metric (POWERTOOLS_METRICS_NAMESPACE). */
export const metricNamespace = 'LeadSessionMaintenance';

/** Powertools adds it as the `service` dimension of every metric (POWERTOOLS_SERVICE_NAME). */
export const serviceName = 'session-maintenance';

/** Metric names, as emitted by finalize (shared/jobs/run-metrics.ts emits exactly these). */
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

/** Dimension names: every metric has {service, Job}; SessionsRemoved also has Reason. */
export const metricDimensions = { service: 'service', job: 'Job', reason: 'Reason' } as const;

/** The values of the Reason dimension of SessionsRemoved (the daily rules). */
export const removalReasons = ['expired', 'orphaned', 'overLimit', 'invalid'] as const;

/** The values of the Job dimension. */
export const metricJobs = ['daily', 'weekly', 'monthly'] as const;
export type MetricJob = (typeof metricJobs)[number];

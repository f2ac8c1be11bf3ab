import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { JobLogger, MetricsSink, RunMetric } from '#shared/jobs/ports.ts';
import { redact } from './redact.ts';

export const serviceName = 'session-maintenance';
export const metricsNamespace = 'LeadSessionMaintenance';

/** One logger, one metrics, one tracer per process (house style: one place for cross-cutting setup). */
export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ namespace: metricsNamespace, serviceName });
export const tracer = new Tracer({ serviceName });

/** The job logger over Powertools: every field passes the redaction layer first. */
export const jobLogger: JobLogger = {
  info: (message, fields) => logger.info(message, redact(fields ?? {}) as Record<string, unknown>),
  warn: (message, fields) => logger.warn(message, redact(fields ?? {}) as Record<string, unknown>),
  error: (message, fields) => logger.error(message, redact(fields ?? {}) as Record<string, unknown>),
};

const units: Record<RunMetric['unit'], (typeof MetricUnit)[keyof typeof MetricUnit]> = {
  Count: MetricUnit.Count,
  Bytes: MetricUnit.Bytes,
  Seconds: MetricUnit.Seconds,
  None: MetricUnit.NoUnit,
};

/** EMF metrics with the dimensions the alarms use: {service, Job} and {service, Job, Reason}. */
export const emfMetricsSink: MetricsSink = {
  record(job, runMetrics) {
    for (const metric of runMetrics) {
      const single = metrics.singleMetric();
      single.addDimension('Job', job);
      for (const [name, value] of Object.entries(metric.dimensions ?? {})) single.addDimension(name, value);
      single.addMetric(metric.name, units[metric.unit], metric.value);
    }
  },
};

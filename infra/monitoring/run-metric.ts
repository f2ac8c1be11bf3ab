import { Duration } from 'aws-cdk-lib';
import { Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import { metricDimensions, metricNamespace, serviceName, type MetricJob } from './metric-names.ts';

export interface RunMetricOptions {
  /** Only SessionsRemoved has it. */
  readonly reason?: string;
  /** Default: Sum. */
  readonly statistic?: string;
  /** Default: one hour (runs are hourly at most). */
  readonly period?: Duration;
  readonly label?: string;
}

/**
 * A custom run metric as finalize emits it: namespace LeadSessionMaintenance, dimensions {service, Job} (and
 * Reason). CloudWatch matches dimensions exactly, so an alarm or a graph must name all of them.
 */
export function runMetric(name: string, job: MetricJob, options: RunMetricOptions = {}): Metric {
  return new Metric({
    namespace: metricNamespace,
    metricName: name,
    dimensionsMap: {
      [metricDimensions.service]: serviceName,
      [metricDimensions.job]: job,
      ...(options.reason === undefined ? {} : { [metricDimensions.reason]: options.reason }),
    },
    statistic: options.statistic ?? Stats.SUM,
    period: options.period ?? Duration.hours(1),
    ...(options.label === undefined ? {} : { label: options.label }),
  });
}

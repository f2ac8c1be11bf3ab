import { beforeAll, describe, expect, it } from 'vitest';
import { metricDimensions, metricNames, metricNamespace, serviceName } from '#infra/monitoring/metric-names.ts';
import { metricNames as emittedMetricNames } from '#shared/jobs/run-metrics.ts';
import { synthesize, type SynthesizedStack } from './support/synthesized-stack.ts';
import { flatten, resourceNamed, resourcesOfType } from './support/template-queries.ts';
import { variantContext } from './support/variant-context.ts';

let defaults: SynthesizedStack;
let variant: SynthesizedStack;
beforeAll(() => {
  defaults = synthesize();
  variant = synthesize(variantContext);
});

const alarm = (stack: SynthesizedStack, id: string) =>
  resourceNamed(stack.json, 'AWS::CloudWatch::Alarm', `Alarms${id}`)[1];
const runDimensions = (job: string) => [
  { Name: metricDimensions.job, Value: job },
  { Name: metricDimensions.service, Value: serviceName },
];

describe('monitoring', () => {
  it('uses the metric names the functions emit', () => {
    expect(metricNames).toEqual(emittedMetricNames);
  });

  it('notifies through a topic encrypted with a rotated key that CloudWatch may use, TLS only', () => {
    // Prepare
    const [, topic] = resourceNamed(defaults.json, 'AWS::SNS::Topic', 'AlarmTopic');
    const [, key] = resourceNamed(defaults.json, 'AWS::KMS::Key', 'AlarmTopicKey');
    const [, topicPolicy] = resourceNamed(defaults.json, 'AWS::SNS::TopicPolicy', 'AlarmTopicPolicy');

    // Act
    const keyStatements = (key.KeyPolicy as { Statement: Record<string, unknown>[] }).Statement;

    // Assess
    expect(flatten(topic.KmsMasterKeyId)).toBe('<AlarmTopicKey.Arn>');
    expect(key.EnableKeyRotation).toBe(true);
    expect(keyStatements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
    expect((topicPolicy.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('subscribes the alarm email only when one is configured', () => {
    expect(resourcesOfType(defaults.json, 'AWS::SNS::Subscription')).toEqual([]);
    expect(resourcesOfType(variant.json, 'AWS::SNS::Subscription').map(([, subscription]) => subscription)).toEqual([
      {
        Protocol: 'email',
        Endpoint: variantContext.alarmEmail,
        TopicArn: { Ref: expect.stringMatching(/^AlarmTopic/) },
      },
    ]);
  });

  it.each([
    ['ExecutionsFailed', 'ExecutionsFailed'],
    ['ExecutionsTimedOut', 'ExecutionsTimedOut'],
    ['ExecutionsAborted', 'ExecutionsAborted'],
  ])('alarms on %s of the state machine at the first one', (id, metric) => {
    // Act
    const properties = alarm(defaults, id);

    // Assess
    expect(properties).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: metric,
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    expect((properties.Dimensions as { Value: unknown }[]).map((dimension) => flatten(dimension.Value))).toEqual([
      '<Run>',
    ]);
  });

  it.each(['daily', 'weekly', 'monthly'])('alarms when a %s run has a failed batch', (job) => {
    expect(alarm(defaults, `FailedBatches${job.charAt(0).toUpperCase()}${job.slice(1)}`)).toMatchObject({
      Namespace: metricNamespace,
      MetricName: 'FailedBatches',
      Dimensions: runDimensions(job),
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it.each(['Daily', 'Weekly', 'Monthly', 'Plan', 'ProcessBatch', 'RecordBatchFailure', 'Finalize'])(
    'alarms on the first error of the %s function',
    (fn) => {
      // Act
      const properties = alarm(defaults, `Errors${fn}`);

      // Assess
      expect(properties).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
      expect((properties.Dimensions as { Value: unknown }[]).map((dimension) => flatten(dimension.Value))).toEqual([
        expect.stringMatching(new RegExp(`^<(Jobs|Steps)${fn}Function>$`)),
      ]);
    },
  );

  it('alarms when no daily run succeeded in 26 hours, counting silence as failure', () => {
    expect(alarm(defaults, 'NoSuccessfulDailyRun')).toMatchObject({
      Namespace: metricNamespace,
      MetricName: 'RunsSucceeded',
      Dimensions: runDimensions('daily'),
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      ActionsEnabled: true,
    });
  });

  it('keeps the missed daily run alarm quiet while the schedules are disabled', () => {
    expect(alarm(variant, 'NoSuccessfulDailyRun').ActionsEnabled).toBe(false);
  });

  it.each([
    ['defaults', () => defaults, 0.7],
    ['context', () => variant, 0.8],
  ])('alarms when the monthly health score is below the threshold (%s)', (_source, stack, threshold) => {
    expect(alarm(stack(), 'LowHealthScore')).toMatchObject({
      Namespace: metricNamespace,
      MetricName: 'HealthScore',
      Dimensions: runDimensions('monthly'),
      Statistic: 'Minimum',
      Threshold: threshold,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('alarms when a schedule event could not be delivered', () => {
    expect(alarm(defaults, 'UndeliveredSchedules')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('sends every alarm and its recovery to the topic', () => {
    // Act
    const alarms = resourcesOfType(defaults.json, 'AWS::CloudWatch::Alarm');

    // Assess
    expect(alarms).toHaveLength(16);
    for (const [id, properties] of alarms) {
      expect((properties.AlarmActions as unknown[]).map(flatten), id).toEqual(['<AlarmTopic>']);
      expect((properties.OKActions as unknown[]).map(flatten), id).toEqual(['<AlarmTopic>']);
    }
  });

  it('has a dashboard with run, session, health and function widgets and the alarm states', () => {
    // Prepare
    const [, dashboard] = resourceNamed(defaults.json, 'AWS::CloudWatch::Dashboard', 'Dashboard');

    // Act
    const body = flatten(dashboard.DashboardBody);

    // Assess
    for (const title of [
      'Alarms',
      'Executions',
      'Run duration (seconds, max)',
      'Sessions removed by reason (daily)',
      'Compression (weekly)',
      'Session health score (monthly)',
      'Failed batches',
      'Leads processed',
      'Lambda errors',
      'Lambda duration (ms, max)',
    ]) {
      expect(body).toContain(`"title":"${title}"`);
    }
    for (const metric of ['ExecutionsStarted', 'ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut']) {
      expect(body).toContain(`"AWS/States","${metric}"`);
    }
    for (const reason of ['expired', 'orphaned', 'overLimit', 'invalid']) {
      expect(body).toContain(
        `"${metricNamespace}","SessionsRemoved","Job","daily","Reason","${reason}","service","${serviceName}"`,
      );
    }
    for (const metric of ['SessionsCompressed', 'BytesSaved', 'HealthScore', 'RunDurationSeconds', 'LeadsProcessed']) {
      expect(body).toContain(`"${metricNamespace}","${metric}"`);
    }
  });
});

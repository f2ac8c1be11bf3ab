import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize, type SynthesizedStack } from './support/synthesized-stack.ts';
import { flatten, resourceNamed, resourcesOfType } from './support/template-queries.ts';
import { variantContext } from './support/variant-context.ts';

let defaults: SynthesizedStack;
let variant: SynthesizedStack;
beforeAll(() => {
  defaults = synthesize();
  variant = synthesize(variantContext);
});

const rule = (stack: SynthesizedStack, job: string) =>
  resourceNamed(stack.json, 'AWS::Events::Rule', `Schedules${job.charAt(0).toUpperCase()}${job.slice(1)}`)[1];

describe('the schedules', () => {
  it.each([
    ['daily', 'cron(0 2 * * ? *)'],
    ['weekly', 'cron(0 3 ? * SUN *)'],
    ['monthly', 'cron(0 4 1 * ? *)'],
  ])('start the %s job at %s (UTC), enabled', (job, expression) => {
    expect(rule(defaults, job)).toMatchObject({ ScheduleExpression: expression, State: 'ENABLED' });
  });

  it.each([
    ['daily', variantContext.dailySchedule],
    ['weekly', variantContext.weeklySchedule],
    ['monthly', variantContext.monthlySchedule],
  ])('take the %s schedule from the context, and are disabled when cleanupEnabled is false', (job, expression) => {
    expect(rule(variant, job)).toMatchObject({ ScheduleExpression: expression, State: 'DISABLED' });
  });

  it.each(['daily', 'weekly', 'monthly'])(
    'deliver the %s event to its job function: 2 retries, 2 hours at most, then the dead-letter queue',
    (job) => {
      // Act
      const targets = rule(defaults, job).Targets as Record<string, unknown>[];

      // Assess
      expect(targets).toHaveLength(1);
      expect(flatten(targets[0]?.Arn)).toBe(`<Jobs${job.charAt(0).toUpperCase()}${job.slice(1)}Function.Arn>`);
      expect(targets[0]?.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 });
      expect(flatten((targets[0]?.DeadLetterConfig as { Arn: unknown }).Arn)).toBe(
        '<SchedulesUndeliveredSchedules.Arn>',
      );
      expect(targets[0]?.Input).toBeUndefined();
    },
  );

  it('keep undelivered events in an encrypted queue that refuses requests without TLS', () => {
    // Prepare
    const [, queue] = resourceNamed(defaults.json, 'AWS::SQS::Queue', 'SchedulesUndeliveredSchedules');
    const [, policy] = resourceNamed(defaults.json, 'AWS::SQS::QueuePolicy', 'SchedulesUndeliveredSchedulesPolicy');

    // Act
    const statements = (policy.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;

    // Assess
    expect(queue).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 });
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sqs:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    expect(resourcesOfType(defaults.json, 'AWS::SQS::Queue')).toHaveLength(1);
  });

  it('may invoke each job function only from its own rule', () => {
    // Act
    const permissions = resourcesOfType(defaults.json, 'AWS::Lambda::Permission').map(([, permission]) => ({
      principal: permission.Principal,
      source: flatten(permission.SourceArn),
      target: flatten(permission.FunctionName),
    }));

    // Assess
    expect(permissions).toEqual(
      ['Daily', 'Weekly', 'Monthly'].map((job) => ({
        principal: 'events.amazonaws.com',
        source: `<Schedules${job}.Arn>`,
        target: `<Jobs${job}Function.Arn>`,
      })),
    );
  });
});

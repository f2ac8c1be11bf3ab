import { describe, expect, it } from 'vitest';
import { cdkJsonContext } from '#infra/cdk-json-context.ts';
import { createApp, createStack } from '#infra/create-app.ts';
import { defaultSettings } from '#infra/settings/maintenance-settings.ts';
import { InvalidContextError, readSettings } from '#infra/settings/read-settings.ts';

const vpcContext = {
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: 'subnet-0123456789abcdef0,subnet-0123456789abcdef1',
  securityGroupIds: ['sg-0123456789abcdef0'],
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
};

function problemsOf(context: Record<string, unknown>): readonly string[] {
  try {
    readSettings(context);
  } catch (error) {
    if (error instanceof InvalidContextError) return error.problems;
    throw error;
  }
  return [];
}

describe('stack settings from the CDK context', () => {
  it('takes every default when no key is given, ignoring feature flags and CDK keys', () => {
    // Prepare
    const context = { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] };

    // Act
    const settings = readSettings(context);

    // Assess
    expect(settings).toEqual(defaultSettings);
    expect(settings.schedules).toEqual({
      daily: 'cron(0 2 * * ? *)',
      weekly: 'cron(0 3 ? * SUN *)',
      monthly: 'cron(0 4 1 * ? *)',
    });
  });

  it('reads values given as strings by `-c key=value` and as JSON values by cdk.json alike', () => {
    // Prepare
    const fromCommandLine = {
      mapMaxConcurrency: '12',
      cleanupEnabled: 'false',
      healthScoreAlarmThreshold: '0.85',
      batchSize: '500',
      dailySchedule: 'cron(30 1 * * ? *)',
      alarmEmail: 'ops@example.com',
      mongoDatabase: 'crm',
      mongoSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:mongo/uri-AbCdEf',
      ...vpcContext,
    };
    const fromCdkJson = { ...fromCommandLine, mapMaxConcurrency: 12, cleanupEnabled: false, batchSize: 500 };

    // Act
    const settings = readSettings(fromCommandLine);

    // Assess
    expect(readSettings(fromCdkJson)).toEqual(settings);
    expect(settings).toMatchObject({
      mapMaxConcurrency: 12,
      cleanupEnabled: false,
      healthScoreAlarmThreshold: 0.85,
      batchSize: 500,
      schedules: { daily: 'cron(30 1 * * ? *)', weekly: defaultSettings.schedules.weekly },
      alarmEmail: 'ops@example.com',
      mongoDatabase: 'crm',
      vpc: {
        vpcId: 'vpc-0123456789abcdef0',
        subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
        securityGroupIds: ['sg-0123456789abcdef0'],
        availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      },
    });
  });

  it('treats an empty string as an absent key', () => {
    expect(readSettings({ alarmEmail: '', mapMaxConcurrency: '' })).toEqual(defaultSettings);
  });

  it.each([
    ['mapMaxConcurrency', 0, 'mapMaxConcurrency=0 is out of range: expected a whole number from 1 to 40'],
    ['mapMaxConcurrency', 41, 'mapMaxConcurrency=41 is out of range'],
    ['mapMaxConcurrency', 'four', 'mapMaxConcurrency="four" is not a whole number from 1 to 40'],
    ['batchSize', 2.5, 'batchSize=2.5 is not a whole number from 10 to 10000'],
    ['sessionExpiryDays', 0, 'sessionExpiryDays=0 is out of range: expected a whole number from 1 to 365'],
    ['compressionAfterDays', '400', 'compressionAfterDays=400 is out of range'],
    ['maxSessionsPerLead', -1, 'maxSessionsPerLead=-1 is not a whole number from 1 to 1000'],
    ['analyticsRetentionDays', 366, 'analyticsRetentionDays=366 is out of range'],
    ['archiveRetentionDays', 4000, 'archiveRetentionDays=4000 is out of range: expected a whole number from 1 to 3650'],
    ['dryRunPlanRetentionDays', '30d', 'dryRunPlanRetentionDays="30d" is not a whole number'],
    ['cleanupEnabled', 'yes', 'cleanupEnabled="yes" is not a boolean: expected true or false'],
    ['healthScoreAlarmThreshold', 1.5, 'healthScoreAlarmThreshold=1.5 is not a number from 0 to 1'],
    ['dailySchedule', 'cron(0 2 * * *)', 'dailySchedule="cron(0 2 * * *)" is not an EventBridge cron expression'],
    ['weeklySchedule', 'cron(0 3 * * SUN *)', 'weeklySchedule="cron(0 3 * * SUN *)" is not an EventBridge cron'],
    ['monthlySchedule', 'rate(30 days)', 'monthlySchedule="rate(30 days)" is not an EventBridge cron expression'],
    ['alarmEmail', 'ops-at-example.com', 'alarmEmail="ops-at-example.com" is not an email address'],
    ['mongoSecretArn', 'mongo/uri', 'mongoSecretArn="mongo/uri" is not a Secrets Manager secret ARN'],
    ['mongoDatabase', 'crm.leads', 'mongoDatabase="crm.leads" is not a MongoDB database name'],
  ])('refuses %s=%j with a message naming the key', (key, value, message) => {
    // Act
    const problems = problemsOf({ [key]: value });

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('lists every bad key at once, in an error that says where context comes from', () => {
    // Act
    const act = () => readSettings({ mapMaxConcurrency: 0, cleanupEnabled: 'maybe' });

    // Assess
    expect(act).toThrow(InvalidContextError);
    expect(act).toThrow(/^Invalid CDK context \(cdk\.json "context" or -c key=value\): /);
    expect(problemsOf({ mapMaxConcurrency: 0, cleanupEnabled: 'maybe' })).toEqual([
      'cleanupEnabled="maybe" is not a boolean: expected true or false',
      'mapMaxConcurrency=0 is out of range: expected a whole number from 1 to 40',
    ]);
  });

  it.each([
    ['mapMaxConcurency', 'mapMaxConcurrency'],
    ['sessionexpirydays', 'sessionExpiryDays'],
    ['alarmEmails', 'alarmEmail'],
  ])('refuses the probable typo %s, suggesting %s', (typo, intended) => {
    expect(problemsOf({ [typo]: 4 })).toEqual([`unknown context key "${typo}": did you mean ${intended}?`]);
  });

  it('needs all four VPC keys, naming the missing ones', () => {
    // Act
    const problems = problemsOf({ vpcId: vpcContext.vpcId, subnetIds: vpcContext.subnetIds });

    // Assess
    expect(problems).toEqual([
      'vpcId, subnetIds given without securityGroupIds, availabilityZones: a VPC placement needs all four keys',
    ]);
  });

  it.each([
    [{ subnetIds: 'subnet-1,subnet-2' }, 'subnetIds="subnet-1,subnet-2" is not a non-empty list of subnet ids'],
    [{ securityGroupIds: [] }, 'securityGroupIds=[] is not a non-empty list of security group ids'],
    [
      { subnetIds: 'subnet-0123456789abcdef0,subnet-0123456789abcdef1,subnet-0123456789abcdef2' },
      'subnetIds has 3 subnets for 2 availabilityZones',
    ],
  ])('refuses a VPC placement with %j', (override, message) => {
    expect(problemsOf({ ...vpcContext, ...override })[0]).toContain(message);
  });

  it('makes a bad context value fail the app before anything is synthesized', () => {
    // Prepare
    const app = createApp({ ...cdkJsonContext(), mapMaxConcurrency: 99, 'aws:cdk:bundling-stacks': [] });

    // Act
    const act = () => createStack(app);

    // Assess
    expect(act).toThrow('mapMaxConcurrency=99 is out of range: expected a whole number from 1 to 40');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize, type SynthesizedStack } from './support/synthesized-stack.ts';
import { flatten, managedPolicyPermissions, resourceNamed } from './support/template-queries.ts';

let synthesized: SynthesizedStack;
beforeAll(() => {
  synthesized = synthesize();
});

const executions = 'arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<Run.Name>:*';
const jobs = ['Daily', 'Weekly', 'Monthly'];

describe('the operator policy', () => {
  it('allows manual runs, following executions, reading reports and the archive, the schedules and the URI', () => {
    // Prepare
    const [policyId] = resourceNamed(synthesized.json, 'AWS::IAM::ManagedPolicy', 'OperatorPolicy');

    // Act
    const permissions = managedPolicyPermissions(synthesized.json, policyId);

    // Assess
    expect(permissions).toEqual(
      [
        ...jobs.map((job) => `lambda:InvokeFunction on <Jobs${job}Function.Arn>`),
        'states:StartExecution on <Run>',
        'states:ListExecutions on <Run>',
        ...['DescribeExecution', 'GetExecutionHistory', 'StopExecution'].map(
          (action) => `states:${action} on ${executions}`,
        ),
        ...['reports', 'plans', 'archive'].map((prefix) => `s3:GetObject on <StorageReports.Arn>/${prefix}/*`),
        'kms:Decrypt on <DataKey.Arn> if {"StringEquals":{"kms:ViaService":{"Fn::Join":["",["s3.",{"Ref":"AWS::Region"},".amazonaws.com"]]}}}',
        's3:ListBucket on <StorageReports.Arn> if {"StringLike":{"s3:prefix":["reports/*","plans/*","archive/*"]}}',
        ...jobs.flatMap((job) =>
          ['DescribeRule', 'EnableRule', 'DisableRule'].map((action) => `events:${action} on <Schedules${job}.Arn>`),
        ),
        'secretsmanager:GetSecretValue on <MongoConnectionString>',
      ].sort(),
    );
  });

  it('is exported by ARN for other stacks to attach', () => {
    expect(synthesized.json.Outputs?.OperatorPolicyArn).toEqual({
      Description: expect.any(String),
      Value: { Ref: expect.stringMatching(/^OperatorPolicy/) },
      Export: { Name: 'LeadSessionMaintenance-OperatorPolicyArn' },
    });
  });

  it.each([
    ['ReportsBucketName', '<StorageReports>'],
    ['StateMachineArn', '<Run>'],
    ['DailyJobFunctionName', '<JobsDailyFunction>'],
    ['WeeklyJobFunctionName', '<JobsWeeklyFunction>'],
    ['MonthlyJobFunctionName', '<JobsMonthlyFunction>'],
    ['DailyScheduleRuleName', '<SchedulesDaily>'],
    ['WeeklyScheduleRuleName', '<SchedulesWeekly>'],
    ['MonthlyScheduleRuleName', '<SchedulesMonthly>'],
    ['AlarmTopicArn', '<AlarmTopic>'],
    ['DashboardName', '<Dashboard>'],
    ['MongoSecretArn', '<MongoConnectionString>'],
    ['OperatorPolicyArn', '<OperatorPolicy>'],
  ])('outputs %s', (output, value) => {
    expect(flatten(synthesized.json.Outputs?.[output]?.Value)).toBe(value);
  });
});

import {
  CloudFormationClient,
  DescribeStacksCommand,
  type DescribeStacksCommandInput,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { RemoteClients } from '#local/remote/remote-stack.ts';
import { jobNames, type JobName } from '#shared/jobs/run-context.ts';
import { startLocalS3, type LocalS3 } from '../../../support/local-s3.ts';

export const region = 'eu-west-1';
export const stateMachineArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:MaintenanceStateMachine1A2B3C';
export const functionName = (job: JobName) => `LeadSessionMaintenance-${job}JobFunction-AbC123`;
export const ruleName = (job: JobName) => `LeadSessionMaintenance-Schedules${job}Rule-XyZ789`;
export const schedules: Record<JobName, string> = {
  daily: 'cron(0 2 * * ? *)',
  weekly: 'cron(0 3 ? * SUN *)',
  monthly: 'cron(0 4 1 * ? *)',
};

/** A deployed stack faked at the API level: mocked CloudFormation, EventBridge, Lambda and SFN; a real local S3. */
export interface FakeStack {
  readonly s3: LocalS3;
  readonly cloudFormation: AwsClientStub<CloudFormationClient>;
  readonly eventBridge: AwsClientStub<EventBridgeClient>;
  readonly lambda: AwsClientStub<LambdaClient>;
  readonly sfn: AwsClientStub<SFNClient>;
  readonly clients: RemoteClients;
  /** The rules' states, changed by EnableRule / DisableRule. */
  readonly ruleStates: Record<JobName, 'ENABLED' | 'DISABLED'>;
  stop(): Promise<void>;
}

const title = (job: JobName) => `${job.charAt(0).toUpperCase()}${job.slice(1)}`;

export async function startFakeStack(stackName = 'LeadSessionMaintenance'): Promise<FakeStack> {
  const s3 = await startLocalS3();
  const clients: RemoteClients = {
    cloudFormation: new CloudFormationClient({ region }),
    eventBridge: new EventBridgeClient({ region }),
    lambda: new LambdaClient({ region }),
    sfn: new SFNClient({ region }),
    s3: s3.client,
  };
  const cloudFormation = mockClient(clients.cloudFormation);
  const eventBridge = mockClient(clients.eventBridge);
  const lambda = mockClient(clients.lambda);
  const sfn = mockClient(clients.sfn);

  const outputs = [
    { OutputKey: 'ReportsBucketName', OutputValue: s3.bucket },
    { OutputKey: 'StateMachineArn', OutputValue: stateMachineArn },
    ...jobNames.flatMap((job) => [
      { OutputKey: `${title(job)}JobFunctionName`, OutputValue: functionName(job) },
      { OutputKey: `${title(job)}ScheduleRuleName`, OutputValue: ruleName(job) },
    ]),
    { OutputKey: 'AlarmTopicArn', OutputValue: 'arn:aws:sns:eu-west-1:123456789012:alarms' },
  ];
  cloudFormation.on(DescribeStacksCommand).callsFake((input: DescribeStacksCommandInput) => {
    if (input.StackName !== stackName) {
      const error = new Error(`Stack with id ${input.StackName} does not exist`);
      error.name = 'ValidationError';
      throw error;
    }
    return {
      Stacks: [{ StackName: stackName, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), Outputs: outputs }],
    };
  });

  const ruleStates: Record<JobName, 'ENABLED' | 'DISABLED'> = {
    daily: 'ENABLED',
    weekly: 'ENABLED',
    monthly: 'ENABLED',
  };
  const jobOfRule = (name: string | undefined): JobName => {
    const job = jobNames.find((candidate) => ruleName(candidate) === name);
    if (job === undefined) {
      const error = new Error(`Rule ${name} does not exist on EventBus default.`);
      error.name = 'ResourceNotFoundException';
      throw error;
    }
    return job;
  };
  eventBridge.on(DescribeRuleCommand).callsFake((input: { Name?: string }) => {
    const job = jobOfRule(input.Name);
    return { Name: input.Name, State: ruleStates[job], ScheduleExpression: schedules[job], EventBusName: 'default' };
  });
  eventBridge.on(EnableRuleCommand).callsFake((input: { Name?: string }) => {
    ruleStates[jobOfRule(input.Name)] = 'ENABLED';
    return {};
  });
  eventBridge.on(DisableRuleCommand).callsFake((input: { Name?: string }) => {
    ruleStates[jobOfRule(input.Name)] = 'DISABLED';
    return {};
  });

  return {
    s3,
    cloudFormation,
    eventBridge,
    lambda,
    sfn,
    clients,
    ruleStates,
    async stop() {
      for (const stub of [cloudFormation, eventBridge, lambda, sfn]) stub.restore();
      await s3.stop();
    },
  };
}

/** Collects what a command writes. */
export function collectingIo(interactive = false) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    io: {
      stdout: { write: (text: string) => stdout.push(text) },
      stderr: { write: (text: string) => stderr.push(text) },
      interactive,
    },
    stdout: () => stdout.join(''),
    stderr: () => stderr.join(''),
  };
}

import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Rule } from 'aws-cdk-lib/aws-events';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { JobLambdas } from '#infra/functions/job-lambdas.ts';
import { acknowledgeWildcardResource } from '#infra/nag/acknowledge.ts';
import { bucketPrefixes } from '#infra/storage/bucket-layout.ts';
import { bucketKeyStatement } from './bucket-key.ts';
import { executionArnPattern } from './execution-arns.ts';
import { secretResourceArn } from './secret-read.ts';

export interface OperatorPolicyProps {
  readonly jobs: JobLambdas;
  readonly stateMachine: StateMachine;
  readonly bucket: IBucket;
  readonly rules: readonly Rule[];
  readonly secret: ISecret;
}

/**
 * What an operator needs, and no more: start runs (invoke a job function, or the state machine directly), follow
 * and stop executions, read reports and plans, read the archive (the restore command), switch the schedules,
 * and read the MongoDB URI (restore writes the archived sessions back). Reading objects includes decrypting them
 * with the bucket's key, through S3 only. Attach it to a role or group.
 */
export class OperatorPolicy extends Construct {
  readonly policy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: OperatorPolicyProps) {
    super(scope, id);
    const { bucket, stateMachine } = props;
    const executions = executionArnPattern(stateMachine);
    const readablePrefixes = [bucketPrefixes.reports, bucketPrefixes.plans, bucketPrefixes.archive];
    const readableObjects = readablePrefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`));
    const decryptObjects = bucketKeyStatement(bucket, ['read'], 'DecryptReports');
    this.policy = new ManagedPolicy(this, 'Resource', {
      description: 'Lead session maintenance operator: manual runs, reports, restore, schedules',
      statements: [
        new PolicyStatement({
          sid: 'StartRuns',
          actions: ['lambda:InvokeFunction'],
          resources: props.jobs.all.map((job) => job.function.functionArn),
        }),
        new PolicyStatement({
          sid: 'ManageExecutions',
          actions: ['states:StartExecution', 'states:ListExecutions'],
          resources: [stateMachine.stateMachineArn],
        }),
        new PolicyStatement({
          sid: 'FollowExecutions',
          actions: ['states:DescribeExecution', 'states:GetExecutionHistory', 'states:StopExecution'],
          resources: [executions],
        }),
        new PolicyStatement({ sid: 'ReadReports', actions: ['s3:GetObject'], resources: readableObjects }),
        ...(decryptObjects === null ? [] : [decryptObjects]),
        new PolicyStatement({
          sid: 'ListReports',
          actions: ['s3:ListBucket'],
          resources: [bucket.bucketArn],
          // The restore command lists a run's archive, the CLI lists reports and plans.
          conditions: { StringLike: { 's3:prefix': readablePrefixes.map((prefix) => `${prefix}*`) } },
        }),
        new PolicyStatement({
          sid: 'SwitchSchedules',
          actions: ['events:DescribeRule', 'events:EnableRule', 'events:DisableRule'],
          resources: props.rules.map((rule) => rule.ruleArn),
        }),
        new PolicyStatement({
          sid: 'ReadMongoUri',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [secretResourceArn(props.secret)],
        }),
      ],
    });
    const reason =
      'Reports, plans and archives are per run (shared/storage/keys.ts) and executions are named by run id: the ' +
      'prefix, or all executions of this state machine, is the narrowest resource covering them.';
    for (const resource of [...readableObjects, executions]) acknowledgeWildcardResource(this.policy, resource, reason);
  }
}

import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { JobName } from '#shared/jobs/run-context.ts';

export interface StackOutputValues {
  readonly bucketName: string;
  readonly stateMachineArn: string;
  readonly jobFunctionNames: Readonly<Record<JobName, string>>;
  readonly ruleNames: Readonly<Record<JobName, string>>;
  readonly alarmTopicArn: string;
  readonly dashboardName: string;
  readonly mongoSecretArn: string;
  readonly operatorPolicyArn: string;
}

/** The export name of the operator policy's ARN (other stacks attach it to their roles with Fn::ImportValue). */
export function operatorPolicyExportName(stack: Stack): string {
  return `${stack.stackName}-OperatorPolicyArn`;
}

/** What an operator or the CLI needs to find the deployed resources (`aws cloudformation describe-stacks`). */
export function addStackOutputs(scope: Construct, values: StackOutputValues): void {
  const output = (id: string, value: string, description: string) => new CfnOutput(scope, id, { value, description });
  output('ReportsBucketName', values.bucketName, 'Reports, dry-run plans and the archive');
  output('StateMachineArn', values.stateMachineArn, 'The maintenance state machine');
  for (const job of ['daily', 'weekly', 'monthly'] as const) {
    const title = `${job.charAt(0).toUpperCase()}${job.slice(1)}`;
    output(`${title}JobFunctionName`, values.jobFunctionNames[job], `Invoke to start a ${job} run`);
    output(`${title}ScheduleRuleName`, values.ruleNames[job], `The ${job} schedule (EventBridge rule)`);
  }
  output('AlarmTopicArn', values.alarmTopicArn, 'Alarm notifications (SNS)');
  output('DashboardName', values.dashboardName, 'CloudWatch dashboard');
  output('MongoSecretArn', values.mongoSecretArn, 'Store the MongoDB URI here (docs/infrastructure.md)');
  new CfnOutput(scope, 'OperatorPolicyArn', {
    value: values.operatorPolicyArn,
    description: 'Managed policy for operators: manual runs, reports, restore, schedules',
    exportName: operatorPolicyExportName(Stack.of(scope)),
  });
}

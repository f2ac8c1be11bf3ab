import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { stackName } from '#infra/create-app.ts';
import {
  connectRemoteStack,
  defaultStackName,
  resolveStackName,
  type RemoteClients,
} from '#local/remote/remote-stack.ts';

describe('finding the deployed stack', () => {
  it('defaults to the stack name infra deploys', () => {
    expect(defaultStackName).toBe(stackName);
    expect(resolveStackName(null, {})).toBe(stackName);
    expect(resolveStackName(null, { SESSION_STACK_NAME: 'Staging' })).toBe('Staging');
    expect(resolveStackName('Prod', { SESSION_STACK_NAME: 'Staging' })).toBe('Prod');
  });

  it('names every missing output of a stack that is not this one', async () => {
    const cloudFormation = new CloudFormationClient({ region: 'eu-west-1' });
    mockClient(cloudFormation)
      .on(DescribeStacksCommand)
      .resolves({
        Stacks: [
          {
            StackName: 'Other',
            StackStatus: 'CREATE_COMPLETE',
            CreationTime: new Date(),
            Outputs: [{ OutputKey: 'ReportsBucketName', OutputValue: 'bucket' }],
          },
        ],
      });
    const clients = { cloudFormation } as unknown as RemoteClients;
    await expect(connectRemoteStack('Other', clients)).rejects.toThrow(
      'stack Other has no output StateMachineArn, DailyJobFunctionName, WeeklyJobFunctionName, MonthlyJobFunctionName, ' +
        'DailyScheduleRuleName, WeeklyScheduleRuleName, MonthlyScheduleRuleName',
    );
  });
});

import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';

/** `arn:...:states:<region>:<account>:execution:<stateMachineName>:*`: every execution of this state machine. */
export function executionArnPattern(stateMachine: StateMachine): string {
  return Stack.of(stateMachine).formatArn({
    service: 'states',
    resource: 'execution',
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    // The name attribute, not a split of the ARN: state machine ARNs separate the name with ':', not '/'.
    resourceName: `${stateMachine.stateMachineName}:*`,
  });
}

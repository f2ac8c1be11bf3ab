import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ExecutionStarter } from '#shared/jobs/start-run.ts';

/**
 * Starts executions of the deployed state machine. The run id is the execution name: Step Functions refuses a
 * second execution with that name (or, for an identical input, returns the first one), which is what makes a
 * duplicate delivery start nothing.
 */
export function stepFunctionsStarter(stateMachineArn: string, client = new SFNClient({})): ExecutionStarter {
  return {
    async start(name, input) {
      const requestedAt = Date.now();
      try {
        const result = await client.send(
          new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
        );
        // An identical input returns the existing execution: its start date gives it away.
        const startedEarlier = result.startDate !== undefined && result.startDate.getTime() < requestedAt - 1000;
        return { executionArn: result.executionArn ?? '', alreadyStarted: startedEarlier };
      } catch (error) {
        if (error instanceof ExecutionAlreadyExists) {
          const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
          return { executionArn, alreadyStarted: true };
        }
        throw error;
      }
    },
  };
}

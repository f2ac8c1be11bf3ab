import { describe, expect, it } from 'vitest';
import { localDefinition } from '#local/runner/local-state-machine.ts';
import { deployedDefinition } from '../../support/local-stack.ts';

type States = Record<string, { Type: string; TimeoutSeconds?: number; ItemProcessor?: { States: States } }>;

/**
 * Found under load: aws-local-stepfunctions bounds a Task without TimeoutSeconds at 60 s, AWS by the Lambda
 * function's timeout. Batches of 1,000 large leads on a busy laptop took longer, failed with States.Timeout while
 * their handlers went on writing, and the run's counts no longer matched the database.
 */
describe('the local runner bounds each task as AWS does', () => {
  it('gives every task the timeout of its Lambda function, never the library default of 60 s', () => {
    const states = localDefinition(deployedDefinition()).States as unknown as States;
    const batchStates = states.ProcessBatches?.ItemProcessor?.States as States;
    expect(states.Plan?.TimeoutSeconds).toBe(300);
    expect(batchStates.ProcessBatch?.TimeoutSeconds).toBe(600);
    expect(batchStates.RecordBatchFailure?.TimeoutSeconds).toBe(60);
    expect(states.Finalize?.TimeoutSeconds).toBe(600);
    expect(states.RecordFailedRun?.TimeoutSeconds).toBe(600);
    // The deployed definition itself is unchanged.
    expect((deployedDefinition().States as unknown as States).Plan?.TimeoutSeconds).toBeUndefined();
  });
});

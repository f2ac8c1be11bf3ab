import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { createLocalStateMachine } from '#local/runner/local-state-machine.ts';

const noDatabase = () => Promise.reject(new Error('no database in this test'));
const machineFor = (definition: unknown) =>
  createLocalStateMachine({ definition: definition as StateMachineDefinition, dependencies: noDatabase });

describe('the local runner validates a definition (once per definition object)', () => {
  it('refuses an invalid definition on every use, not only the first', () => {
    const invalid = { StartAt: 'Missing', States: { Done: { Type: 'Succeed' } } };

    expect(() => machineFor(invalid)).toThrow();
    expect(() => machineFor(invalid)).toThrow();
  });

  it('accepts a valid definition again without validating it again', () => {
    const valid = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };

    expect(() => machineFor(valid)).not.toThrow();
    expect(() => machineFor(valid)).not.toThrow();
  });
});

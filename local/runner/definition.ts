import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { extractStateMachineDefinition, synthesizeTemplate } from '#infra/definition.ts';

/**
 * The state machine definition exactly as deployed: synthesized from the CDK stack (bundling skipped) and
 * resolved to plain JSON. Never a hand-written copy, so the local runner follows every change to the stack.
 */
export function loadDeployedDefinition(context: Record<string, unknown> = {}): StateMachineDefinition {
  const { definition } = extractStateMachineDefinition(synthesizeTemplate(context));
  return definition as unknown as StateMachineDefinition;
}

/** One state of an Amazon States Language definition (JSONPath); fields beyond Type are kept as they are. */
export interface AslState {
  readonly Type: string;
  readonly [field: string]: unknown;
}

/** An Amazon States Language definition, as Step Functions receives it. */
export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
  readonly Comment?: string;
  readonly TimeoutSeconds?: number;
  readonly QueryLanguage?: string;
}

/** Every state of a definition by name, including the states inside Map item processors and Parallel branches. */
export function allStates(definition: Pick<AslDefinition, 'States'>): Record<string, AslState> {
  const states: Record<string, AslState> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    states[name] = state;
    const nested = [state.ItemProcessor, state.Iterator, ...((state.Branches as unknown[] | undefined) ?? [])];
    for (const machine of nested) {
      if (machine !== undefined) Object.assign(states, allStates(machine as Pick<AslDefinition, 'States'>));
    }
  }
  return states;
}

import { beforeAll, describe, expect, it } from 'vitest';
import {
  extractStateMachineDefinition,
  findStateMachineDefinition,
  placeholderFunctionArn,
  synthesizeTemplate,
} from '#infra/definition.ts';
import { allStates } from '#infra/definition/asl-definition.ts';
import { stepFunctionNames } from '#infra/functions/function-names.ts';

let template: Record<string, unknown>;
beforeAll(() => {
  template = synthesizeTemplate({ mapMaxConcurrency: 9 });
});

const lambdaFunction = { Type: 'AWS::Lambda::Function', Properties: { Tags: [] } };
const withDefinition = (definitionString: unknown) => ({
  Resources: {
    Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: definitionString } },
    Table: lambdaFunction,
  },
});

describe('the deployed definition for the local runner', () => {
  it('is synthesized from the stack with the given context', () => {
    // Act
    const { definition } = extractStateMachineDefinition(template);

    // Assess
    expect(allStates(definition).ProcessBatches?.MaxConcurrency).toBe(9);
  });

  it('resolves to plain JSON, with no CloudFormation intrinsic left', () => {
    // Act
    const { definition } = extractStateMachineDefinition(template);

    // Assess
    expect(JSON.stringify(definition)).not.toMatch(/Fn::|"Ref"/);
    expect(JSON.stringify(definition)).toContain('"Resource":"arn:aws:states:::lambda:invoke"');
  });

  it('names every step function by a placeholder ARN and maps each ARN back to the function', () => {
    // Act
    const { definition, functionNameByArn } = extractStateMachineDefinition(template);
    const invoked = Object.values(allStates(definition))
      .map((state) => (state.Parameters as { FunctionName?: string } | undefined)?.FunctionName)
      .filter((name) => name !== undefined);

    // Assess
    expect(functionNameByArn).toEqual(
      Object.fromEntries(stepFunctionNames.map((name) => [placeholderFunctionArn(name), name])),
    );
    expect(new Set(invoked)).toEqual(new Set(Object.keys(functionNameByArn)));
    expect(placeholderFunctionArn('plan')).toBe('arn:aws:lambda:us-east-1:123456789012:function:plan');
  });

  it('replaces pseudo parameters and other references by deterministic placeholders', () => {
    // Prepare
    const parts = [
      '{"A":"',
      { Ref: 'AWS::Region' },
      '","B":"',
      { Ref: 'Queue1' },
      '","C":"',
      { 'Fn::GetAtt': ['Topic2', 'Arn'] },
      '"}',
    ];

    // Act
    const { definition } = extractStateMachineDefinition(withDefinition({ 'Fn::Join': ['', parts] }));

    // Assess
    expect(definition).toEqual({ A: 'us-east-1', B: '<Queue1>', C: '<Topic2.Arn>' });
  });

  it('refuses an intrinsic it cannot resolve, naming it', () => {
    // Prepare
    const parts = ['{"A":"', { 'Fn::ImportValue': 'elsewhere' }, '"}'];

    // Act
    const act = () => extractStateMachineDefinition(withDefinition({ 'Fn::Join': ['', parts] }));

    // Assess
    expect(act).toThrow('cannot resolve {"Fn::ImportValue":"elsewhere"} in the state machine definition');
  });

  it.each([
    ['no state machine', { Resources: {} }, 'found 0'],
    [
      'two state machines',
      { Resources: { A: withDefinition('{}').Resources.Machine, B: withDefinition('{}').Resources.Machine } },
      'found 2',
    ],
  ])('refuses a template with %s', (_case, brokenTemplate, message) => {
    expect(() => findStateMachineDefinition(brokenTemplate)).toThrow(message);
  });
});

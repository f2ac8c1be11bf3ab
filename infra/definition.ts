import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { cdkJsonContext } from './cdk-json-context.ts';
import { createApp, createStack } from './create-app.ts';
import type { AslDefinition } from './definition/asl-definition.ts';
import {
  placeholderEnvironment,
  placeholderFor,
  resolveToString,
  type TemplateJson,
} from './definition/resolve-intrinsics.ts';
import { functionNameTag, stepFunctionNames, type StepFunctionName } from './functions/function-names.ts';

export type { AslDefinition, AslState } from './definition/asl-definition.ts';

/**
 * The stack's CloudFormation template, synthesized in process exactly as `cdk synth` would (cdk.json's context,
 * then `context`), with bundling skipped and without validations (cdk-nag, CloudFormation: the tests run them).
 * Needs no AWS account, credentials or network: this is what the local runner executes.
 */
export function synthesizeTemplate(context: Record<string, unknown> = {}): Record<string, unknown> {
  const outdir = mkdtempSync(join(tmpdir(), 'lsm-synth-'));
  try {
    const app = createApp(
      { ...cdkJsonContext(), ...context, 'aws:cdk:bundling-stacks': [] },
      { checks: false, cloudFormationValidation: false, outdir },
    );
    return Template.fromStack(createStack(app)).toJSON();
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The state machine's DefinitionString as synthesized (an Fn::Join), from a template with exactly one. */
export function findStateMachineDefinition(template: Record<string, unknown>): unknown {
  const machines = Object.entries((template as TemplateJson).Resources ?? {}).filter(
    ([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine',
  );
  const [machine, ...others] = machines;
  if (machine === undefined || others.length > 0) {
    throw new Error(`expected one AWS::StepFunctions::StateMachine in the template, found ${machines.length}`);
  }
  return (machine[1].Properties as { DefinitionString?: unknown } | undefined)?.DefinitionString;
}

/** The ARN a step function gets in a resolved definition: `arn:aws:lambda:us-east-1:123456789012:function:<name>`. */
export function placeholderFunctionArn(name: string): string {
  const { partition, region, account } = placeholderEnvironment;
  return `arn:${partition}:lambda:${region}:${account}:function:${name}`;
}

/**
 * The state machine definition as plain ASL JSON: every step function's ARN becomes a placeholder ARN named after
 * the function (found by the function's name tag), every other reference a deterministic placeholder.
 */
export function extractStateMachineDefinition(template: Record<string, unknown>): {
  definition: AslDefinition;
  functionNameByArn: Record<string, StepFunctionName>;
} {
  const functionNames = taggedFunctionNames(template as TemplateJson);
  const functionNameByArn: Record<string, StepFunctionName> = {};
  const text = resolveToString(findStateMachineDefinition(template), (reference) => {
    const name = functionNames.get(reference.logicalId);
    if (name === undefined || reference.attribute !== 'Arn') return placeholderFor(reference);
    const arn = placeholderFunctionArn(name);
    functionNameByArn[arn] = name;
    return arn;
  });
  return { definition: JSON.parse(text) as AslDefinition, functionNameByArn };
}

/** Logical id -> step function name, from the name tag every function carries. */
function taggedFunctionNames(template: TemplateJson): Map<string, StepFunctionName> {
  const names = new Map<string, StepFunctionName>();
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const tags = (resource.Properties as { Tags?: { Key: string; Value: unknown }[] } | undefined)?.Tags ?? [];
    const name = tags.find((tag) => tag.Key === functionNameTag)?.Value;
    if (isStepFunctionName(name)) names.set(logicalId, name);
  }
  return names;
}

function isStepFunctionName(value: unknown): value is StepFunctionName {
  return (stepFunctionNames as readonly unknown[]).includes(value);
}

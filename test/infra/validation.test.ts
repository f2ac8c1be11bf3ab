import type { Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeFindings, synthesize, type SynthesizedStack } from './support/synthesized-stack.ts';
import { variantContext } from './support/variant-context.ts';

let defaults: SynthesizedStack;
let variant: SynthesizedStack;
beforeAll(() => {
  defaults = synthesize({}, { cloudFormationValidation: true });
  variant = synthesize(variantContext, { cloudFormationValidation: true });
});

describe('validation at synthesis', () => {
  it.each([
    ['the default stack', () => defaults],
    ['a stack in a VPC with an imported secret and an alarm email', () => variant],
  ])('%s has no unacknowledged cdk-nag AwsSolutions finding, error or warning', (_name, stack) => {
    // Act
    const findings = stack().findings.filter((finding) => finding.plugin === 'AwsSolutions');

    // Assess
    expect(describeFindings(findings)).toBe('');
  });

  it.each([
    ['the default stack', () => defaults],
    ['a stack in a VPC with an imported secret and an alarm email', () => variant],
  ])("%s passes CDK's CloudFormation template validation", (_name, stack) => {
    expect(describeFindings(stack().findings)).toBe('');
  });

  it('reports a finding when there is one, naming rule and construct', () => {
    // Prepare
    const addInsecureBucket = (stack: Stack) => {
      new Bucket(stack, 'InsecureBucket');
    };

    // Act
    const act = () => synthesize({}, { amend: addInsecureBucket });

    // Assess
    expect(act).toThrow(/AwsSolutions-S10 \(error\) at LeadSessionMaintenance\/InsecureBucket\/Resource/);
  });
});

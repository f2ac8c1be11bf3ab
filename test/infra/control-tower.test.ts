import type { Stack } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '#infra/settings/read-settings.ts';
import { switchedOffRules } from '#infra/validation/control-tower-checks.ts';
import { describeFindings, synthesize, type SynthesizedStack } from './support/synthesized-stack.ts';
import { lambdaFunction } from './support/template-queries.ts';
import { variantContext } from './support/variant-context.ts';

/** The strict setting of every context key that relaxes a Control Tower rule. */
const strictContext = {
  vpcId: variantContext.vpcId,
  subnetIds: variantContext.subnetIds,
  securityGroupIds: variantContext.securityGroupIds,
  availabilityZones: variantContext.availabilityZones,
  logRetentionDays: '365',
  cleanupEnabled: 'true',
};

let defaults: SynthesizedStack;
let strict: SynthesizedStack;
let nonCompliantFailure: unknown;
// Three syntheses with cfn-guard: seconds each, more on a loaded machine.
beforeAll(() => {
  defaults = synthesize({}, { controlTowerChecks: true });
  strict = synthesize(strictContext, { controlTowerChecks: true });
  const addQueueWithoutDeadLetterQueue = (stack: Stack) => {
    new Queue(stack, 'QueueWithoutDeadLetterQueue', { enforceSSL: true });
  };
  try {
    synthesize({}, { controlTowerChecks: true, amend: addQueueWithoutDeadLetterQueue });
  } catch (error) {
    nonCompliantFailure = error;
  }
}, 300_000);

const controlTowerFindings = (stack: SynthesizedStack) =>
  describeFindings(stack.findings.filter((finding) => finding.plugin === 'cdk-validator-cfnguard'));

describe('the Control Tower proactive controls at synthesis', () => {
  it('fail synthesis on a violation, naming the control and the construct', () => {
    expect(String(nonCompliantFailure)).toMatch(
      /sqs_dlq_check \(error\) at LeadSessionMaintenance\/QueueWithoutDeadLetterQueue\/Resource: \[CT\.SQS\.PR\.1\]/,
    );
  });

  it('pass the default stack, with only the rules its small-team defaults relax switched off', () => {
    // Act
    const switchedOff = switchedOffRules(readSettings({})).map(({ rule }) => rule);

    // Assess
    expect(controlTowerFindings(defaults)).toBe('');
    expect(switchedOff).toEqual(['CT.CLOUDWATCH.PR.2', 'CT.LAMBDA.PR.3']);
  });

  it('pass the strict settings with no rule switched off', () => {
    // Act
    const switchedOff = switchedOffRules(readSettings(strictContext));

    // Assess
    expect(switchedOff).toEqual([]);
    expect(controlTowerFindings(strict)).toBe('');
    expect(describeFindings(strict.findings.filter((finding) => finding.plugin === 'AwsSolutions'))).toBe('');
  });

  it('switch CT.CLOUDWATCH.PR.4 off only while the schedules are off (the daily-run alarm is then silent)', () => {
    const rules = switchedOffRules(readSettings({ ...strictContext, cleanupEnabled: 'false' }));
    expect(rules.map(({ rule }) => rule)).toEqual(['CT.CLOUDWATCH.PR.4']);
  });

  it('give every switched-off rule a reason naming the context key that relaxes it', () => {
    const rules = switchedOffRules(readSettings({ cleanupEnabled: 'false' }));
    expect(rules.map(({ rule, reason }) => [rule, /logRetentionDays|vpcId|cleanupEnabled/.exec(reason)?.[0]])).toEqual([
      ['CT.CLOUDWATCH.PR.2', 'logRetentionDays'],
      ['CT.LAMBDA.PR.3', 'vpcId'],
      ['CT.CLOUDWATCH.PR.4', 'cleanupEnabled'],
    ]);
  });

  it('keep logs a year and run every function in the VPC with the strict settings', () => {
    const logGroups = Object.values(strict.json.Resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(logGroups.map((group) => group.Properties?.RetentionInDays)).toEqual(logGroups.map(() => 365));
    expect(lambdaFunction(strict.json, 'daily')[1].VpcConfig).toBeDefined();
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { cdkJsonContext } from '#infra/cdk-json-context.ts';
import { createApp, createStack } from '#infra/create-app.ts';

/** One finding of a validation plugin (cdk-nag's AwsSolutions, CDK's CloudFormation validation). */
export interface ValidationFinding {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly description: string;
  readonly constructPaths: readonly string[];
}

export interface SynthesizedStack {
  readonly template: Template;
  /** The template as JSON (what `cdk synth` writes). */
  readonly json: TemplateJson;
  /** Every unacknowledged finding of every validation plugin (errors and warnings). */
  readonly findings: readonly ValidationFinding[];
}

export interface TemplateJson {
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

interface ValidationReportJson {
  pluginReports?: {
    pluginName: string;
    violations?: {
      ruleName: string;
      severity: string;
      description: string;
      violatingConstructs?: { constructPath?: string }[];
    }[];
  }[];
}

/**
 * Synthesizes the stack as `cdk synth` does (cdk.json's context first, then `context`), bundling skipped, with the
 * cdk-nag checks (and CDK's CloudFormation validation when asked). A synthesis that fails validation is not an exception here: its findings are returned, so a
 * test can list them; any other failure is thrown.
 */
export function synthesize(
  context: Record<string, unknown> = {},
  options: {
    readonly cloudFormationValidation?: boolean;
    /** Runs the Control Tower rules (cfn-guard, seconds per synthesis): only the tests about them. */
    readonly controlTowerChecks?: boolean;
    /** Changes the stack before synthesis (to prove that a finding is reported). */
    readonly amend?: (stack: Stack) => void;
  } = {},
): SynthesizedStack {
  const outdir = mkdtempSync(join(tmpdir(), 'lsm-infra-test-'));
  try {
    const app = createApp(
      { ...cdkJsonContext(), ...context, 'aws:cdk:bundling-stacks': [] },
      // CDK's CloudFormation validation costs seconds per process: only the validation tests turn it on.
      {
        outdir,
        cloudFormationValidation: options.cloudFormationValidation ?? false,
        controlTowerChecks: options.controlTowerChecks ?? false,
      },
    );
    const stack = createStack(app);
    options.amend?.(stack);
    let failure: unknown = null;
    try {
      app.synth();
    } catch (error) {
      failure = error;
    }
    const findings = readFindings(outdir);
    if (failure !== null) {
      if (findings.length === 0) throw failure;
      throw new Error(`synthesis failed validation:\n${describeFindings(findings)}`);
    }
    const template = Template.fromStack(stack);
    return { template, json: template.toJSON() as TemplateJson, findings };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** One finding per line: `AwsSolutions-IAM5[...] (error) at path: description`. */
export function describeFindings(findings: readonly ValidationFinding[]): string {
  return findings
    .map((f) => `${f.rule} (${f.severity}) at ${f.constructPaths.join(', ')}: ${f.description}`)
    .join('\n');
}

function readFindings(outdir: string): ValidationFinding[] {
  const file = join(outdir, 'validation-report.json');
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8')) as ValidationReportJson;
  return (report.pluginReports ?? []).flatMap((plugin) =>
    (plugin.violations ?? []).map((violation) => ({
      plugin: plugin.pluginName,
      rule: violation.ruleName,
      severity: violation.severity,
      description: violation.description,
      constructPaths: (violation.violatingConstructs ?? []).map((construct) => construct.constructPath ?? '?'),
    })),
  );
}

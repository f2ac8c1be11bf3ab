import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LeadSessionMaintenanceStack } from './lead-session-maintenance-stack.ts';
import { ControlTowerChecks, switchedOffRules } from './validation/control-tower-checks.ts';
import { readSettings } from './settings/read-settings.ts';
import type { MaintenanceSettings } from './settings/maintenance-settings.ts';

/** The stack's name, and its CloudFormation stack name. */
export const stackName = 'LeadSessionMaintenance';

export interface CreateAppOptions {
  /** Run cdk-nag's AwsSolutions checks at synthesis (default true; the local runner skips them for speed). */
  readonly checks?: boolean;
  /**
   * Run the Control Tower proactive controls (cfn-guard) at synthesis (default: as `checks`). They take seconds
   * (a cfn-guard process per synthesis), so only the tests about them turn them on.
   */
  readonly controlTowerChecks?: boolean;
  /**
   * Run CDK's built-in CloudFormation validation of the template at synthesis (default true, as `cdk synth`). It
   * costs seconds on a cold start, so tests that do not check it and the local runner turn it off.
   */
  readonly cloudFormationValidation?: boolean;
  /** Where the cloud assembly goes (tests use a temporary directory). */
  readonly outdir?: string;
}

/**
 * A CDK app with the cdk-nag AwsSolutions checks and the Control Tower rules registered. Without `context`, the app reads the context the
 * CDK CLI passes (cdk.json and `-c`); tests pass cdk.json's context themselves plus their own keys.
 */
export function createApp(context?: Record<string, unknown>, options: CreateAppOptions = {}): App {
  const checks = options.checks ?? true;
  // The rules switched off follow the stack's settings, known once the stack exists (at validation, it does).
  const controlTower = new ControlTowerChecks(() =>
    app.node.children
      .filter((child) => child instanceof LeadSessionMaintenanceStack)
      .flatMap((stack) => switchedOffRules(stack.settings)),
  );
  const props: AppProps = {
    ...(context === undefined ? {} : { context }),
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    builtinCloudFormationValidation: options.cloudFormationValidation ?? true,
  };
  const app = new App(props);
  if (checks) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  if (options.controlTowerChecks ?? checks) Validations.of(app).addPlugins(controlTower);
  return app;
}

/**
 * Adds the LeadSessionMaintenance stack to the app, configured by `settings` or, by default, by the app's context.
 * @throws InvalidContextError naming every bad context key.
 */
export function createStack(
  app: App,
  props: { readonly settings?: MaintenanceSettings } = {},
): LeadSessionMaintenanceStack {
  const settings = props.settings ?? readSettings(app.node.getAllContext());
  return new LeadSessionMaintenanceStack(app, stackName, {
    settings,
    description: 'Lead session maintenance: scheduled cleanup, compression and analytics of lead browser sessions',
  });
}

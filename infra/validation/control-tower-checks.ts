import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import type {
  IPolicyValidationContextBeta1,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReportBeta1,
} from 'aws-cdk-lib';
import type { MaintenanceSettings } from '#infra/settings/maintenance-settings.ts';
import { controlTowerPluginName, controlTowerRules, type ControlTowerRuleId } from './control-tower-rules.ts';

/** A Control Tower rule switched off for the whole stack, and why. */
export interface SwitchedOffRule {
  readonly rule: ControlTowerRuleId;
  readonly reason: string;
}

/**
 * THE one place where Control Tower rules are switched off for the whole stack. Only organisation policy is, and
 * only when the deployer's context (cdk.json or `-c`) chose the small-team default over it; the strict setting
 * of each key passes its rule (test/infra/control-tower.test.ts). A rule that does not fit one resource is
 * acknowledged on that resource instead (`acknowledgeControlTowerRule`, next to the construct). docs/decisions.md
 * lists both.
 */
export function switchedOffRules(settings: MaintenanceSettings): SwitchedOffRule[] {
  const rules: SwitchedOffRule[] = [];
  if (settings.logRetentionDays < 365) {
    rules.push({
      rule: 'CT.CLOUDWATCH.PR.2',
      reason:
        `logRetentionDays=${settings.logRetentionDays}: logs hold run ids, counts and errors (no session data), ` +
        'and a small team investigates within weeks; set logRetentionDays=365 where a year is policy.',
    });
  }
  if (settings.vpc === null) {
    rules.push({
      rule: 'CT.LAMBDA.PR.3',
      reason:
        'no VPC placement (vpcId, subnetIds, securityGroupIds, availabilityZones): MongoDB is reached over the ' +
        'internet with TLS, and a VPC would add NAT or endpoints to pay for; give the four keys where it is policy.',
    });
  }
  if (!settings.cleanupEnabled) {
    rules.push({
      rule: 'CT.CLOUDWATCH.PR.4',
      reason:
        'cleanupEnabled=false: no run is scheduled, so the NoSuccessfulDailyRun alarm has its actions off ' +
        '(it would page every day otherwise); with cleanupEnabled=true every alarm notifies.',
    });
  }
  return rules;
}

/**
 * The Control Tower proactive controls (cfn-guard rules of @cdklabs/cdk-validator-cfnguard) as a CDK policy
 * validation plugin: a violation fails synthesis, as cdk-nag's do. The rules to switch off depend on the app's
 * context, which is only known once the app exists, so they are asked for when validation runs.
 */
export class ControlTowerChecks implements IPolicyValidationPluginBeta1 {
  readonly name = controlTowerPluginName;
  private readonly switchedOff: () => readonly SwitchedOffRule[];

  constructor(switchedOff: () => readonly SwitchedOffRule[]) {
    this.switchedOff = switchedOff;
  }

  validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const disabledRules = this.switchedOff().map(({ rule }) => controlTowerRules[rule].file);
    return new CfnGuardValidator({ disabledRules }).validate(context);
  }
}

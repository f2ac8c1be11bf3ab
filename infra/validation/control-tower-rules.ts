/**
 * The AWS Control Tower proactive controls this stack refers to by name, as @cdklabs/cdk-validator-cfnguard ships
 * them: the control id (documentation), the guard file (what `disabledRules` takes) and the guard rule (what a
 * finding is named, and what an acknowledgement names). Free of CDK imports.
 */
export const controlTowerRules = {
  'CT.CLOUDWATCH.PR.4': { file: 'ct-cloudwatch-pr-4', check: 'cloudwatch_alarm_action_enabled_check' },
  'CT.CLOUDWATCH.PR.2': { file: 'ct-cloudwatch-pr-2', check: 'cloudwatch_log_group_retention_period_check' },
  'CT.LAMBDA.PR.3': { file: 'ct-lambda-pr-3', check: 'lambda_inside_vpc_check' },
  'CT.S3.PR.2': { file: 'ct-s3-pr-2', check: 's3_bucket_logging_enabled_check' },
  'CT.S3.PR.9': { file: 'ct-s3-pr-9', check: 's3_bucket_object_lock_enabled_check' },
} as const;

export type ControlTowerRuleId = keyof typeof controlTowerRules;

/** The validation plugin's name: findings and acknowledgements are namespaced with it. */
export const controlTowerPluginName = 'cdk-validator-cfnguard';

import { dayRange, sessionLimitRange } from '#shared/core/config.ts';
import { batchSizeRange } from '#shared/jobs/job-request.ts';
import { cronExpression, decimal, flag, patterned, patternedList, wholeNumber, type Parsed } from './context-values.ts';
import { defaultSettings, type MaintenanceSettings, type VpcPlacement } from './maintenance-settings.ts';

/** Inline Map limit: Step Functions runs at most 40 iterations of an inline Map at once. */
export const mapConcurrencyRange = { min: 1, max: 40 } as const;
/** The archive is the rollback of a run: kept up to ten years, at least a day. */
export const archiveRetentionRange = { min: 1, max: 3650 } as const;
/** The retention periods CloudWatch Logs accepts (RetentionInDays), in days. */
export const logRetentionChoices = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** The context keys the stack reads; any other key that looks like a typo of one of them is an error. */
export const settingKeys = [
  'dailySchedule',
  'weeklySchedule',
  'monthlySchedule',
  'cleanupEnabled',
  'mapMaxConcurrency',
  'batchSize',
  'sessionExpiryDays',
  'compressionAfterDays',
  'maxSessionsPerLead',
  'analyticsRetentionDays',
  'archiveRetentionDays',
  'dryRunPlanRetentionDays',
  'logRetentionDays',
  'alarmEmail',
  'healthScoreAlarmThreshold',
  'mongoSecretArn',
  'mongoDatabase',
  'vpcId',
  'subnetIds',
  'securityGroupIds',
  'availabilityZones',
] as const;
type SettingKey = (typeof settingKeys)[number];

/** A context value the stack refuses; the message names every bad key, its value and what was expected. */
export class InvalidContextError extends Error {
  override readonly name = 'InvalidContextError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid CDK context (cdk.json "context" or -c key=value): ${problems.join('; ')}`);
    this.problems = problems;
  }
}

const secretArn = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// MongoDB database names: no /\. "$*<>:|? or spaces, under 64 bytes.
const databaseName = /^[^/\\. "$*<>:|?]{1,63}$/;

/**
 * Reads and validates the stack's settings from the CDK context (all of it: `app.node.getAllContext()`).
 * Absent keys (or empty strings) take their defaults.
 * @throws InvalidContextError listing every invalid key, not just the first.
 */
export function readSettings(context: Readonly<Record<string, unknown>>): MaintenanceSettings {
  const problems: string[] = misspelledKeys(Object.keys(context));
  const raw = (key: SettingKey): unknown => (context[key] === '' || context[key] === null ? undefined : context[key]);
  function read<T>(key: SettingKey, fallback: T, parse: (key: string, value: unknown) => Parsed<T>): T {
    const value = raw(key);
    if (value === undefined) return fallback;
    const parsed = parse(key, value);
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      return fallback;
    }
    return parsed.value;
  }
  const whole = (key: SettingKey, fallback: number, range: { min: number; max: number } = dayRange) =>
    read(key, fallback, (name, value) => wholeNumber(name, value, range));
  const text = (key: SettingKey, fallback: string | null, pattern: RegExp, expectation: string) =>
    read<string | null>(key, fallback, (name, value) => patterned(name, value, pattern, expectation));
  const defaults = defaultSettings;

  const settings: MaintenanceSettings = {
    schedules: {
      daily: read('dailySchedule', defaults.schedules.daily, cronExpression),
      weekly: read('weeklySchedule', defaults.schedules.weekly, cronExpression),
      monthly: read('monthlySchedule', defaults.schedules.monthly, cronExpression),
    },
    cleanupEnabled: read('cleanupEnabled', defaults.cleanupEnabled, flag),
    mapMaxConcurrency: whole('mapMaxConcurrency', defaults.mapMaxConcurrency, mapConcurrencyRange),
    batchSize: whole('batchSize', defaults.batchSize, batchSizeRange),
    sessionExpiryDays: whole('sessionExpiryDays', defaults.sessionExpiryDays),
    compressionAfterDays: whole('compressionAfterDays', defaults.compressionAfterDays),
    maxSessionsPerLead: whole('maxSessionsPerLead', defaults.maxSessionsPerLead, sessionLimitRange),
    analyticsRetentionDays: whole('analyticsRetentionDays', defaults.analyticsRetentionDays),
    archiveRetentionDays: whole('archiveRetentionDays', defaults.archiveRetentionDays, archiveRetentionRange),
    dryRunPlanRetentionDays: whole('dryRunPlanRetentionDays', defaults.dryRunPlanRetentionDays),
    logRetentionDays: read('logRetentionDays', defaults.logRetentionDays, logRetention),
    alarmEmail: text('alarmEmail', defaults.alarmEmail, email, 'an email address'),
    healthScoreAlarmThreshold: read('healthScoreAlarmThreshold', defaults.healthScoreAlarmThreshold, (name, value) =>
      decimal(name, value, { min: 0, max: 1 }),
    ),
    mongoSecretArn: text('mongoSecretArn', defaults.mongoSecretArn, secretArn, 'a Secrets Manager secret ARN'),
    mongoDatabase: text('mongoDatabase', defaults.mongoDatabase, databaseName, 'a MongoDB database name'),
    vpc: readVpcPlacement(raw, problems),
  };
  if (problems.length > 0) throw new InvalidContextError(problems);
  return settings;
}

/** One of CloudWatch Logs' retention values: `365` and `"365"` are accepted, `100` is not. */
function logRetention(key: string, value: unknown): Parsed<number> {
  const parsed = wholeNumber(key, value, { min: 1, max: 3653 });
  if ('problem' in parsed) return parsed;
  if ((logRetentionChoices as readonly number[]).includes(parsed.value)) return parsed;
  return {
    problem: `${key}=${parsed.value} is not a CloudWatch Logs retention: expected one of ${logRetentionChoices.join(', ')}`,
  };
}

const vpcKeys = ['vpcId', 'subnetIds', 'securityGroupIds', 'availabilityZones'] as const;

/** All four VPC keys or none: half a placement would deploy functions that cannot reach MongoDB. */
function readVpcPlacement(raw: (key: SettingKey) => unknown, problems: string[]): VpcPlacement | null {
  const given = vpcKeys.filter((key) => raw(key) !== undefined);
  if (given.length === 0) return null;
  if (given.length < vpcKeys.length) {
    const missing = vpcKeys.filter((key) => !given.includes(key));
    problems.push(`${given.join(', ')} given without ${missing.join(', ')}: a VPC placement needs all four keys`);
    return null;
  }
  const vpcId = patterned('vpcId', raw('vpcId'), /^vpc-[0-9a-f]{8,17}$/, 'a VPC id (vpc-...)');
  const subnetIds = patternedList('subnetIds', raw('subnetIds'), /^subnet-[0-9a-f]{8,17}$/, 'subnet ids');
  const securityGroupIds = patternedList(
    'securityGroupIds',
    raw('securityGroupIds'),
    /^sg-[0-9a-f]{8,17}$/,
    'security group ids',
  );
  const zones = patternedList('availabilityZones', raw('availabilityZones'), /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, 'zones');
  const parsed = [vpcId, subnetIds, securityGroupIds, zones];
  for (const item of parsed) if ('problem' in item) problems.push(item.problem);
  if ('problem' in vpcId || 'problem' in subnetIds || 'problem' in securityGroupIds || 'problem' in zones) return null;
  if (subnetIds.value.length % zones.value.length !== 0) {
    problems.push(
      `subnetIds has ${subnetIds.value.length} subnets for ${zones.value.length} availabilityZones: ` +
        'give the same number of subnets in each zone, in zone order',
    );
    return null;
  }
  return {
    vpcId: vpcId.value,
    subnetIds: subnetIds.value,
    securityGroupIds: securityGroupIds.value,
    availabilityZones: zones.value,
  };
}

/**
 * Unknown keys that are probably typos of ours (same letters in another case, or one or two edits away).
 * Other unknown keys are left alone: the CLI and CDK add context of their own (feature flags, `aws:cdk:*`).
 */
function misspelledKeys(keys: readonly string[]): string[] {
  const known: readonly string[] = settingKeys;
  return keys
    .filter((key) => !known.includes(key) && !key.includes(':') && !key.startsWith('@'))
    .flatMap((key) => {
      const intended = settingKeys.find((candidate) => editDistance(key.toLowerCase(), candidate.toLowerCase()) <= 2);
      return intended ? [`unknown context key ${JSON.stringify(key)}: did you mean ${intended}?`] : [];
    });
}

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

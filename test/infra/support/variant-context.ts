/**
 * A context that sets every optional key (VPC placement, imported secret, database, alarm email) and changes the
 * tunable values, for the tests that check the stack follows its context.
 */
export const importedSecretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:crm/mongo-uri-AbCdEf';

export const variantContext = {
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: 'subnet-0123456789abcdef0,subnet-0123456789abcdef1',
  securityGroupIds: 'sg-0123456789abcdef0',
  availabilityZones: 'eu-west-1a,eu-west-1b',
  mongoSecretArn: importedSecretArn,
  mongoDatabase: 'crm',
  alarmEmail: 'maintenance-alarms@example.com',
  healthScoreAlarmThreshold: '0.8',
  mapMaxConcurrency: '12',
  cleanupEnabled: 'false',
  batchSize: '500',
  sessionExpiryDays: '45',
  compressionAfterDays: '14',
  maxSessionsPerLead: '20',
  analyticsRetentionDays: '180',
  dailySchedule: 'cron(30 1 * * ? *)',
  weeklySchedule: 'cron(0 5 ? * SAT *)',
  monthlySchedule: 'cron(0 6 2 * ? *)',
} as const;

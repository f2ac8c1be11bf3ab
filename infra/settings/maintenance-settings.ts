import type { JobName } from '#shared/jobs/run-context.ts';

/** Where the functions run when they must reach MongoDB through a VPC (imported, never looked up). */
export interface VpcPlacement {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly availabilityZones: readonly string[];
}

/** Everything the stack is configured with: CDK context (cdk.json or `-c key=value`), validated once. */
export interface MaintenanceSettings {
  /** EventBridge schedule expressions, UTC. */
  readonly schedules: Readonly<Record<JobName, string>>;
  /** Schedules enabled, and SESSION_CLEANUP_ENABLED for the functions. */
  readonly cleanupEnabled: boolean;
  /** Concurrent batches of a run (inline Map MaxConcurrency; each holds a MongoDB connection pool). */
  readonly mapMaxConcurrency: number;
  readonly batchSize: number;
  readonly sessionExpiryDays: number;
  readonly compressionAfterDays: number;
  readonly maxSessionsPerLead: number;
  /** ANALYTICS_RETENTION_DAYS, and the S3 lifecycle of the monthly reports. */
  readonly analyticsRetentionDays: number;
  readonly archiveRetentionDays: number;
  readonly dryRunPlanRetentionDays: number;
  /** Days the function and state machine log groups keep their events (one of CloudWatch Logs' retention values). */
  readonly logRetentionDays: number;
  /** Subscribed to the alarm topic when set. */
  readonly alarmEmail: string | null;
  /** The monthly HealthScore alarm fires below this share of valid, unexpired sessions (0..1). */
  readonly healthScoreAlarmThreshold: number;
  /** An existing secret holding the MongoDB URI; null creates one. */
  readonly mongoSecretArn: string | null;
  /** MONGODB_DATABASE; null uses the database named in the URI. */
  readonly mongoDatabase: string | null;
  readonly vpc: VpcPlacement | null;
}

/** The values used when a context key is absent (docs/infrastructure.md lists them). */
export const defaultSettings: MaintenanceSettings = {
  schedules: {
    daily: 'cron(0 2 * * ? *)',
    weekly: 'cron(0 3 ? * SUN *)',
    monthly: 'cron(0 4 1 * ? *)',
  },
  cleanupEnabled: true,
  mapMaxConcurrency: 4,
  batchSize: 1000,
  sessionExpiryDays: 30,
  compressionAfterDays: 7,
  maxSessionsPerLead: 10,
  analyticsRetentionDays: 90,
  archiveRetentionDays: 365,
  dryRunPlanRetentionDays: 30,
  // Logs hold run ids, counts and errors, never session data: a quarter covers any investigation, at a quarter of
  // the storage of a year (Control Tower's CT.CLOUDWATCH.PR.2 wants 365 or more: set it where that is policy).
  logRetentionDays: 90,
  alarmEmail: null,
  healthScoreAlarmThreshold: 0.7,
  mongoSecretArn: null,
  mongoDatabase: null,
  vpc: null,
};

import type { JobName } from '#shared/jobs/run-context.ts';
import { metricNamespace, serviceName } from '#infra/monitoring/metric-names.ts';
import type { MaintenanceSettings } from '#infra/settings/maintenance-settings.ts';

type Environment = Record<string, string>;

/** Powertools configuration shared by every function. */
export const observabilityEnvironment: Environment = {
  POWERTOOLS_SERVICE_NAME: serviceName,
  POWERTOOLS_METRICS_NAMESPACE: metricNamespace,
  POWERTOOLS_LOG_LEVEL: 'INFO',
};

/** The maintenance policy (shared/core/config.ts reads and validates these at start-up) and the batch size. */
export function policyEnvironment(settings: MaintenanceSettings): Environment {
  return {
    SESSION_EXPIRY_DAYS: String(settings.sessionExpiryDays),
    COMPRESSION_AFTER_DAYS: String(settings.compressionAfterDays),
    MAX_SESSIONS_PER_LEAD: String(settings.maxSessionsPerLead),
    ANALYTICS_RETENTION_DAYS: String(settings.analyticsRetentionDays),
    SESSION_CLEANUP_ENABLED: String(settings.cleanupEnabled),
    BATCH_SIZE: String(settings.batchSize),
  };
}

/** A job function: which job it starts and where; it never talks to MongoDB or S3. */
export function jobEnvironment(job: JobName, stateMachineArn: string, settings: MaintenanceSettings): Environment {
  return {
    JOB_NAME: job,
    STATE_MACHINE_ARN: stateMachineArn,
    ...policyEnvironment(settings),
    ...observabilityEnvironment,
  };
}

export interface StepEnvironmentProps {
  readonly secretArn: string;
  readonly bucketName: string;
  readonly settings: MaintenanceSettings;
}

/** A step function: MongoDB through the secret, the reports bucket, the default event bus, the policy. */
export function stepEnvironment(props: StepEnvironmentProps): Environment {
  const database = props.settings.mongoDatabase;
  return {
    MONGODB_SECRET_ARN: props.secretArn,
    ...(database === null ? {} : { MONGODB_DATABASE: database }),
    REPORTS_BUCKET: props.bucketName,
    EVENT_BUS_NAME: 'default',
    ...policyEnvironment(props.settings),
    ...observabilityEnvironment,
  };
}

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type LifecycleRule } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  accessLogRetentionDays,
  bucketPrefixes,
  noncurrentVersionRetentionDays,
  runReportRetentionDays,
} from './bucket-layout.ts';

export interface ReportsStorageProps {
  readonly analyticsRetentionDays: number;
  readonly archiveRetentionDays: number;
  readonly dryRunPlanRetentionDays: number;
}

/**
 * The reports bucket (reports, dry-run plans, the archive of removed sessions) and the bucket of its server
 * access logs. Private, TLS only, versioned, encrypted with S3-managed keys (SSE-S3): access is controlled per
 * prefix by IAM, which a KMS key would not narrow further, while it would need a key grant for every role and for
 * the operators' presigned report links, and a KMS request per object for thousands of batch objects a run.
 * Retention is entirely lifecycle rules, per prefix.
 */
export class ReportsStorage extends Construct {
  readonly bucket: Bucket;
  readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: ReportsStorageProps) {
    super(scope, id);
    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      ...privateBucketBasics,
      // Log delivery writes as the bucket owner; ACLs stay disabled.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(accessLogRetentionDays) }],
    });

    this.bucket = new Bucket(this, 'Reports', {
      ...privateBucketBasics,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'reports-bucket/',
      lifecycleRules: reportLifecycleRules(props),
    });
  }
}

const privateBucketBasics = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  encryption: BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  // Reports and the archive (the rollback of every run) must outlive the stack.
  removalPolicy: RemovalPolicy.RETAIN,
} as const;

/** One rule per prefix; `reports/latest/` never expires (every run overwrites it). */
export function reportLifecycleRules(props: ReportsStorageProps): LifecycleRule[] {
  const expire = (id: string, prefix: string, days: number): LifecycleRule => ({
    id,
    prefix,
    expiration: Duration.days(days),
  });
  return [
    expire('expire-daily-reports', bucketPrefixes.dailyReports, runReportRetentionDays),
    expire('expire-weekly-reports', bucketPrefixes.weeklyReports, runReportRetentionDays),
    expire('expire-monthly-reports', bucketPrefixes.monthlyReports, props.analyticsRetentionDays),
    expire('expire-dry-run-plans', bucketPrefixes.plans, props.dryRunPlanRetentionDays),
    expire('expire-archive', bucketPrefixes.archive, props.archiveRetentionDays),
    {
      id: 'expire-old-versions',
      noncurrentVersionExpiration: Duration.days(noncurrentVersionRetentionDays),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
      // Expiring a current version leaves a delete marker; once its old versions are gone it is removed too.
      expiredObjectDeleteMarker: true,
    },
  ];
}

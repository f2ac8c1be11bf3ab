import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectLockRetention,
  ObjectOwnership,
  type CfnBucket,
  type LifecycleRule,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeControlTowerRule } from '#infra/nag/acknowledge.ts';
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
  /** Encrypts both buckets (SSE-KMS with bucket keys). */
  readonly encryptionKey: IKey;
}

/**
 * The reports bucket (reports, dry-run plans, the archive of removed sessions) and the bucket of its server
 * access logs. Private, TLS only, versioned, encrypted with the stack's KMS key (bucket keys on: S3 asks KMS for
 * a data key now and then, not per object), S3 events to EventBridge. Retention is lifecycle rules, per prefix.
 *
 * The archive is the only way back from a removal, so an overwritten or deleted object must stay recoverable:
 * versions are kept, noncurrent ones for `noncurrentVersionRetentionDays`, and Object Lock in governance mode holds
 * every version that long. Object Lock is bucket-wide (CloudFormation has no per-prefix default retention), so it
 * holds reports and plans too, which costs nothing: nothing deletes them earlier. Governance mode, so an
 * administrator with s3:BypassGovernanceRetention can still remove an object (a compliance request, a mistake).
 */
export class ReportsStorage extends Construct {
  readonly bucket: Bucket;
  readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props: ReportsStorageProps) {
    super(scope, id);
    const encryption = { encryption: BucketEncryption.KMS, encryptionKey: props.encryptionKey, bucketKeyEnabled: true };
    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      ...privateBucketBasics,
      ...encryption,
      // Log delivery writes as the bucket owner; ACLs stay disabled.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [
        { id: 'expire-access-logs', expiration: Duration.days(accessLogRetentionDays) },
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(noncurrentVersionRetentionDays) },
      ],
    });
    acknowledgeControlTowerRule(
      this.accessLogsBucket,
      'CT.S3.PR.2',
      'This is the access-log bucket: logging its own deliveries into itself would log every delivery again, ' +
        'without end. The reports bucket logs here (cdk-nag S1 checks it too).',
    );
    acknowledgeControlTowerRule(
      this.accessLogsBucket,
      'CT.S3.PR.9',
      'S3 does not deliver server access logs to a bucket with Object Lock; the logs are versioned instead.',
    );
    sendEventsToEventBridge(this.accessLogsBucket);

    this.bucket = new Bucket(this, 'Reports', {
      ...privateBucketBasics,
      ...encryption,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.governance(Duration.days(noncurrentVersionRetentionDays)),
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'reports-bucket/',
      lifecycleRules: reportLifecycleRules(props),
    });
    sendEventsToEventBridge(this.bucket);
  }
}

const privateBucketBasics = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  // Reports and the archive (the rollback of every run) must outlive the stack.
  removalPolicy: RemovalPolicy.RETAIN,
} as const;

/**
 * Object events (created, deleted, restored) go to the account's default event bus, where an organisation's audit
 * rules can follow them (Control Tower CT.S3.PR.4); nothing here subscribes. Set on the CloudFormation resource:
 * the L2 `eventBridgeEnabled` would deploy a custom-resource Lambda function for the same setting.
 */
function sendEventsToEventBridge(bucket: Bucket): void {
  (bucket.node.defaultChild as CfnBucket).notificationConfiguration = {
    eventBridgeConfiguration: { eventBridgeEnabled: true },
  };
}

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

import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize, type SynthesizedStack } from './support/synthesized-stack.ts';
import { flatten, resourceNamed } from './support/template-queries.ts';

let synthesized: SynthesizedStack;
beforeAll(() => {
  synthesized = synthesize({ analyticsRetentionDays: 120, archiveRetentionDays: 400, dryRunPlanRetentionDays: 14 });
});

const reportsBucket = () => resourceNamed(synthesized.json, 'AWS::S3::Bucket', 'StorageReports')[1];
const dataKeyArn = { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] };
const accessLogsBucket = () => resourceNamed(synthesized.json, 'AWS::S3::Bucket', 'StorageAccessLogs')[1];

describe('the reports bucket', () => {
  it('blocks all public access, encrypts with the data key (bucket keys on) and keeps versions', () => {
    expect(reportsBucket()).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: dataKeyArn },
            BucketKeyEnabled: true,
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('outlives the stack: reports and the archive are retained when the stack is deleted', () => {
    expect(resourceNamed(synthesized.json, 'AWS::S3::Bucket', 'StorageReports')[0]).toBeDefined();
    synthesized.template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({ VersioningConfiguration: { Status: 'Enabled' } }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it.each(['StorageReports', 'StorageAccessLogs'])('%s refuses every request without TLS', (bucket) => {
    // Prepare
    const [, policy] = resourceNamed(synthesized.json, 'AWS::S3::BucketPolicy', `${bucket}Policy`);
    const statements = (policy.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;

    // Act
    const denyInsecure = statements.find((statement) => statement.Effect === 'Deny');

    // Assess
    expect(denyInsecure).toMatchObject({
      Action: 's3:*',
      Principal: { AWS: '*' },
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect((denyInsecure?.Resource as unknown[]).map(flatten)).toEqual([`<${bucket}.Arn>`, `<${bucket}.Arn>/*`]);
  });

  it('holds every version 30 days with Object Lock in governance mode (bucket-wide)', () => {
    expect(reportsBucket()).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
      },
    });
  });

  it.each(['StorageReports', 'StorageAccessLogs'])('%s sends its object events to EventBridge', (bucket) => {
    expect(resourceNamed(synthesized.json, 'AWS::S3::Bucket', bucket)[1].NotificationConfiguration).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
  });

  it('logs server access to the private, encrypted, versioned access logs bucket', () => {
    expect(
      flatten((reportsBucket().LoggingConfiguration as { DestinationBucketName: unknown }).DestinationBucketName),
    ).toBe('<StorageAccessLogs>');
    expect(accessLogsBucket()).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: dataKeyArn },
            BucketKeyEnabled: true,
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          { Id: 'expire-access-logs', ExpirationInDays: 365, Status: 'Enabled' },
          { Id: 'expire-old-versions', NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' },
        ],
      },
    });
    // S3 refuses to deliver access logs to a bucket with Object Lock.
    expect(accessLogsBucket().ObjectLockEnabled).toBeUndefined();
  });

  it.each([
    ['expire-daily-reports', 'reports/daily/', 90],
    ['expire-weekly-reports', 'reports/weekly/', 90],
    ['expire-monthly-reports', 'reports/monthly/', 120],
    ['expire-dry-run-plans', 'plans/', 14],
    ['expire-archive', 'archive/', 400],
  ])('lifecycle rule %s expires %s after %i days', (id, prefix, days) => {
    // Act
    const rules = (reportsBucket().LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;

    // Assess
    expect(rules.find((rule) => rule.Id === id)).toEqual({
      Id: id,
      Prefix: prefix,
      ExpirationInDays: days,
      Status: 'Enabled',
    });
  });

  it('expires old versions after 30 days, cleans expired delete markers and aborts stale multipart uploads', () => {
    // Act
    const rules = (reportsBucket().LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;

    // Assess
    expect(rules.find((rule) => rule.Id === 'expire-old-versions')).toEqual({
      Id: 'expire-old-versions',
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      ExpiredObjectDeleteMarker: true,
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      Status: 'Enabled',
    });
  });

  it('never expires the latest reports, which every run overwrites', () => {
    const rules = (reportsBucket().LifecycleConfiguration as { Rules: { Prefix?: string }[] }).Rules;
    expect(rules.filter((rule) => rule.Prefix !== undefined && 'reports/latest/'.startsWith(rule.Prefix))).toEqual([]);
  });
});

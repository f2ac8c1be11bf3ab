import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { limitCreateGrantToAwsServices } from './limit-create-grant.ts';

/**
 * The customer managed key of the stack's data at rest: the reports bucket (reports, plans, the archive), its access
 * logs, and every log group. Rotated yearly. Retained with the stack, like what it encrypts: deleting it would make
 * the retained archive and logs unreadable.
 *
 * Roles get the key through IAM (kms:Decrypt, kms:GenerateDataKey next to their S3 permissions), never through
 * grants. Besides the account's administrators (CDK's default statement), the key policy lets in exactly two
 * services: CloudWatch Logs, for this account's log groups in this region, and S3 server access logging, for
 * deliveries from this account.
 */
export class DataKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new Key(this, 'Key', {
      description: 'Lead session maintenance: encrypts the reports bucket, its access logs and the log groups',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'S3ServerAccessLogDelivery',
        principals: [new ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    limitCreateGrantToAwsServices(this.key);
  }
}

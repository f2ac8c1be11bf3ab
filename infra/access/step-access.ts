import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { StepLambdas } from '#infra/functions/step-lambdas.ts';
import { acknowledgeWildcardResource } from '#infra/nag/acknowledge.ts';
import { bucketPrefixes } from '#infra/storage/bucket-layout.ts';
import { bucketKeyStatement, type bucketKeyActions } from './bucket-key.ts';
import { secretResourceArn } from './secret-read.ts';

export interface StepAccessProps {
  readonly steps: StepLambdas;
  readonly bucket: IBucket;
  readonly secret: ISecret;
}

/**
 * Least privilege for the step functions, each role exactly what its step does:
 * - all four read the MongoDB URI (GetSecretValue on that secret only);
 * - plan writes dry-run plans (plans/*);
 * - process-batch writes dry-run plans and the archive of what it removes (plans/*, archive/*);
 * - record-batch-failure only writes to MongoDB;
 * - finalize writes reports, reads the previous monthly report and the plans (reports/*, plans/*), lists the
 *   bucket, and publishes "run finished" on the default event bus. It lists without a prefix condition: S3
 *   answers a missing key with 404 only to a caller allowed to list, and the first monthly run reads a
 *   `reports/latest/monthly.json` that does not exist yet (a 403 would fail the run). Keys hold job, date and
 *   run id only.
 * Each role that writes or reads objects may use the bucket's KMS key for that, through S3 only.
 * CloudWatch metrics need no permission: they are EMF log lines.
 */
export function grantStepAccess(props: StepAccessProps): void {
  const { steps, bucket, secret } = props;
  for (const step of steps.all) {
    step.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretResourceArn(secret)] }),
    );
  }
  const objects = (role: Role, actions: string[], prefixes: string[]) => {
    const resources = prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`));
    role.addToPrincipalPolicy(new PolicyStatement({ actions, resources }));
    for (const resource of resources) {
      acknowledgeWildcardResource(
        role,
        resource,
        'Object keys under this prefix are per run and batch (shared/storage/keys.ts); the prefix is the narrowest ' +
          'resource that covers them.',
      );
    }
  };
  const keyUse = (role: Role, uses: (keyof typeof bucketKeyActions)[]) => {
    const statement = bucketKeyStatement(bucket, uses);
    if (statement !== null) role.addToPrincipalPolicy(statement);
  };
  keyUse(steps.plan.role, ['write']);
  keyUse(steps.processBatch.role, ['write']);
  keyUse(steps.finalize.role, ['write', 'read']);
  objects(steps.plan.role, ['s3:PutObject'], [bucketPrefixes.plans]);
  objects(steps.processBatch.role, ['s3:PutObject'], [bucketPrefixes.plans, bucketPrefixes.archive]);
  objects(steps.finalize.role, ['s3:PutObject', 's3:GetObject'], [bucketPrefixes.reports]);
  objects(steps.finalize.role, ['s3:GetObject'], [bucketPrefixes.plans]);
  steps.finalize.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
  );
  steps.finalize.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['events:PutEvents'], resources: [defaultEventBusArn(Stack.of(bucket))] }),
  );
}

/** The account's default event bus in the stack's region. */
export function defaultEventBusArn(stack: Stack): string {
  return stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' });
}

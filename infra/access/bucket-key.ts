import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';

/** What a role does with the objects of a KMS-encrypted bucket, and the key actions S3 then needs on its behalf. */
export const bucketKeyActions = {
  /** PutObject: S3 asks KMS for a data key (a bucket key, reused for a while, with bucket keys on). */
  write: ['kms:GenerateDataKey'],
  /** GetObject, and presigned links to reports: S3 decrypts the data key. */
  read: ['kms:Decrypt'],
} as const;

/**
 * The statement letting a role use the bucket's key for `uses`, only through S3 in the stack's region
 * (kms:ViaService): the role cannot call KMS with it directly. Null when the bucket has no customer managed key.
 */
export function bucketKeyStatement(
  bucket: IBucket,
  uses: readonly (keyof typeof bucketKeyActions)[],
  sid?: string,
): PolicyStatement | null {
  const key = bucket.encryptionKey;
  if (key === undefined) return null;
  return new PolicyStatement({
    ...(sid === undefined ? {} : { sid }),
    actions: uses.flatMap((use) => bucketKeyActions[use]),
    resources: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(bucket).region}.amazonaws.com` } },
  });
}

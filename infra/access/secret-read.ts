import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';

/**
 * The resource to name in a policy for one secret. A created or completely imported secret has its full ARN; a
 * partially imported one (no random suffix) matches the six characters Secrets Manager appends.
 */
export function secretResourceArn(secret: ISecret): string {
  return secret.secretFullArn ?? `${secret.secretArn}-??????`;
}

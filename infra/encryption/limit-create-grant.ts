import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';

/**
 * Denies kms:CreateGrant to everyone except AWS services acting for an AWS resource (Control Tower CT.KMS.PR.3): a
 * grant is a second, policy-invisible way to hand out the key, and nothing in this stack creates grants itself.
 */
export function limitCreateGrantToAwsServices(key: IKey): void {
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CreateGrantOnlyForAwsServices',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  );
}

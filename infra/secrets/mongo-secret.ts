import { RemovalPolicy } from 'aws-cdk-lib';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeRule } from '#infra/nag/acknowledge.ts';

export interface MongoSecretProps {
  /** An existing secret to use; null creates one. */
  readonly existingSecretArn: string | null;
}

/** A complete secret ARN ends in the six random characters Secrets Manager appends to the name. */
const completeArnSuffix = /-[A-Za-z0-9]{6}$/;

/**
 * The MongoDB connection string in Secrets Manager (read by shared/runtime/mongo-uri.ts: the bare URI, or JSON
 * with a `uri` field). Imported when the context names one, else created with a placeholder that has no `uri`
 * field, so that until an operator stores the URI every run fails with "the secret ... is JSON without a "uri"
 * field" instead of trying to connect somewhere.
 */
export class MongoSecret extends Construct {
  readonly secret: ISecret;

  constructor(scope: Construct, id: string, props: MongoSecretProps) {
    super(scope, id);
    const arn = props.existingSecretArn;
    if (arn !== null) {
      this.secret = completeArnSuffix.test(arn)
        ? Secret.fromSecretCompleteArn(this, 'Imported', arn)
        : Secret.fromSecretPartialArn(this, 'Imported', arn);
      return;
    }
    const created = new Secret(this, 'ConnectionString', {
      description: 'MongoDB connection string of the lead session maintenance (docs/infrastructure.md)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ setup: 'replace this secret value with the MongoDB URI' }),
        generateStringKey: 'placeholder',
      },
      // The URI is set by hand after the first deploy; deleting the stack must not lose it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeRule(
      created,
      'SMG4',
      'The URI belongs to the MongoDB deployment (its users are managed there); rotating it needs a rotation ' +
        'function for that deployment, which this stack does not own. Rotate by storing a new URI.',
    );
    this.secret = created;
  }
}

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { limitCreateGrantToAwsServices } from '#infra/encryption/limit-create-grant.ts';

export interface AlarmTopicProps {
  /** Subscribed by email when set (the address must confirm the subscription). */
  readonly email: string | null;
}

/**
 * The SNS topic every alarm notifies. Encrypted with a customer managed key, because CloudWatch alarms cannot
 * publish to a topic encrypted with the AWS managed SNS key: the key policy must let CloudWatch use the key.
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Lead session maintenance: encrypts the alarm topic',
      enableKeyRotation: true,
      // It only protects notifications while SNS holds them: nothing encrypted with it outlives the topic.
      pendingWindow: Duration.days(7),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    limitCreateGrantToAwsServices(this.key);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Lead session maintenance alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.email !== null) this.topic.addSubscription(new EmailSubscription(props.email));
  }
}

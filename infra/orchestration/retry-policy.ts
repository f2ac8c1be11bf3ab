import { Duration } from 'aws-cdk-lib';
import { JitterType, type RetryProps } from 'aws-cdk-lib/aws-stepfunctions';
import { transientDatabaseError, transientLambdaErrors } from './state-names.ts';

/**
 * The one retry policy of every task: transient Lambda errors and transient database errors (every step talks to
 * MongoDB), 2 s then 4 s, full jitter so that the batches of a Map that failed together do not retry together.
 * Retrying is safe because every step is idempotent (docs/decisions.md).
 */
export const transientRetry: RetryProps = {
  errors: [...transientLambdaErrors, transientDatabaseError],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 3,
  jitterStrategy: JitterType.FULL,
};

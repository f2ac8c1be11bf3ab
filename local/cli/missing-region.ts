import { ConfigurationError } from '#shared/core/config.ts';

/**
 * The AWS SDK's "Region is missing" says nothing of where a region comes from: the configuration error names
 * the flag and the variables the SDK reads.
 */
export function missingRegion(error: unknown): ConfigurationError | null {
  if (!(error instanceof Error) || !/Region is missing/i.test(error.message)) return null;
  return new ConfigurationError([
    'no AWS region: pass --region R (for example --region eu-west-1) or set AWS_REGION (or a profile region in ~/.aws/config)',
  ]);
}

import type { Output } from '@aws-sdk/client-cloudformation';
import { jobNames, type JobName } from '#shared/jobs/run-context.ts';

/** The outputs of the deployed stack the operator commands need (infra/stack-outputs.ts writes them). */
export interface RemoteStackOutputs {
  readonly bucketName: string;
  readonly stateMachineArn: string;
  readonly jobFunctionNames: Readonly<Record<JobName, string>>;
  readonly ruleNames: Readonly<Record<JobName, string>>;
}

const title = (job: JobName): string => `${job.charAt(0).toUpperCase()}${job.slice(1)}`;

/** The output keys, as infra/stack-outputs.ts names them. */
export const outputKeys = {
  bucketName: 'ReportsBucketName',
  stateMachineArn: 'StateMachineArn',
  jobFunctionName: (job: JobName) => `${title(job)}JobFunctionName`,
  ruleName: (job: JobName) => `${title(job)}ScheduleRuleName`,
} as const;

/**
 * Reads the outputs of DescribeStacks. A missing output means another stack (or an older version of this one) was
 * named: say which outputs are missing rather than failing later on an undefined name.
 */
export function readStackOutputs(stackName: string, outputs: readonly Output[]): RemoteStackOutputs {
  const byKey = new Map(outputs.map((output) => [output.OutputKey, output.OutputValue]));
  const missing: string[] = [];
  const value = (key: string): string => {
    const found = byKey.get(key);
    if (found === undefined || found === '') missing.push(key);
    return found ?? '';
  };
  const perJob = (key: (job: JobName) => string) =>
    Object.fromEntries(jobNames.map((job) => [job, value(key(job))])) as Record<JobName, string>;
  const result: RemoteStackOutputs = {
    bucketName: value(outputKeys.bucketName),
    stateMachineArn: value(outputKeys.stateMachineArn),
    jobFunctionNames: perJob(outputKeys.jobFunctionName),
    ruleNames: perJob(outputKeys.ruleName),
  };
  if (missing.length > 0) {
    throw new Error(
      `stack ${stackName} has no output ${missing.join(', ')}: is it the lead session maintenance stack, deployed ` +
        'from this version?',
    );
  }
  return result;
}

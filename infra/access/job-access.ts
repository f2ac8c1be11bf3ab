import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { JobLambdas } from '#infra/functions/job-lambdas.ts';
import { acknowledgeWildcardResource } from '#infra/nag/acknowledge.ts';
import { executionArnPattern } from './execution-arns.ts';

/**
 * A job function starts executions of the state machine, and may describe them: a duplicate delivery finds the
 * execution of its run id already there. Nothing else: no S3, no secret, no MongoDB.
 */
export function grantJobAccess(jobs: JobLambdas, stateMachine: StateMachine): void {
  const executions = executionArnPattern(stateMachine);
  for (const job of jobs.all) {
    stateMachine.grantStartExecution(job.role);
    job.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions] }),
    );
    acknowledgeWildcardResource(
      job.role,
      executions,
      'Executions are named by run id at start; all executions of this one state machine is the narrowest ' +
        'resource that covers the run being started.',
    );
  }
}

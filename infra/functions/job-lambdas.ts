import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { JobName } from '#shared/jobs/run-context.ts';
import type { FunctionNetwork } from '#infra/network/vpc-placement.ts';
import { jobEntryFile, jobFunctionNames } from './function-names.ts';
import { MaintenanceFunction, type FunctionLogging } from './maintenance-function.ts';

export interface JobLambdasProps {
  /** The environment of one job's function. */
  readonly environment: (job: JobName) => Record<string, string>;
  readonly network: FunctionNetwork | null;
  readonly logging: FunctionLogging;
}

/**
 * The daily, weekly and monthly functions: each validates its scheduled event or manual payload and starts a run
 * of the state machine. Small and short: they never connect to MongoDB, and the Step Functions API is all they
 * reach. With a VPC placement they run in it too (an organisation that requires functions in a VPC, Control
 * Tower's CT.LAMBDA.PR.3, requires it of every function): the VPC then needs a route to Step Functions.
 */
export class JobLambdas extends Construct {
  readonly byJob: Readonly<Record<JobName, MaintenanceFunction>>;

  constructor(scope: Construct, id: string, props: JobLambdasProps) {
    super(scope, id);
    const create = (job: JobName) =>
      new MaintenanceFunction(this, capitalized(job), {
        name: job,
        code: { entryFile: jobEntryFile(job), handlerExport: 'handler' },
        description: `Start a ${job} session maintenance run`,
        memorySize: 256,
        timeout: Duration.seconds(30),
        environment: props.environment(job),
        network: props.network,
        logging: props.logging,
      });
    this.byJob = { daily: create('daily'), weekly: create('weekly'), monthly: create('monthly') };
  }

  /** Every job function, in schedule order. */
  get all(): readonly MaintenanceFunction[] {
    return jobFunctionNames.map((job) => this.byJob[job]);
  }
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

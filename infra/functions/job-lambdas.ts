import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { JobName } from '#shared/jobs/run-context.ts';
import { jobFunctionNames } from './function-names.ts';
import { MaintenanceFunction } from './maintenance-function.ts';

export interface JobLambdasProps {
  /** The environment of one job's function. */
  readonly environment: (job: JobName) => Record<string, string>;
}

/**
 * The daily, weekly and monthly functions: each validates its scheduled event or manual payload and starts a run
 * of the state machine. Small and short: they never connect to MongoDB, so they stay outside the VPC (the Step
 * Functions API is all they reach).
 */
export class JobLambdas extends Construct {
  readonly byJob: Readonly<Record<JobName, MaintenanceFunction>>;

  constructor(scope: Construct, id: string, props: JobLambdasProps) {
    super(scope, id);
    const create = (job: JobName) =>
      new MaintenanceFunction(this, capitalized(job), {
        name: job,
        description: `Start a ${job} session maintenance run`,
        memorySize: 256,
        timeout: Duration.seconds(30),
        environment: props.environment(job),
        network: null,
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

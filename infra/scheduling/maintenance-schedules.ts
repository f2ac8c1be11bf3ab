import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption, RedrivePermission } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { JobName } from '#shared/jobs/run-context.ts';
import type { JobLambdas } from '#infra/functions/job-lambdas.ts';
import { jobFunctionNames } from '#infra/functions/function-names.ts';
import { acknowledgeRule } from '#infra/nag/acknowledge.ts';

export interface MaintenanceSchedulesProps {
  readonly jobs: JobLambdas;
  /** EventBridge schedule expressions, UTC. */
  readonly schedules: Readonly<Record<JobName, string>>;
  readonly enabled: boolean;
}

/** A delivery older than this has missed its slot: the next slot's run does the work instead. */
export const maxDeliveryAge = Duration.hours(2);

/**
 * One EventBridge rule per job, each invoking its job function with the scheduled event (its `time` becomes the
 * run id, so a redelivery starts nothing new). Deliveries that still fail after the retries land in an encrypted
 * dead-letter queue, which has an alarm.
 */
export class MaintenanceSchedules extends Construct {
  readonly rules: Readonly<Record<JobName, Rule>>;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: MaintenanceSchedulesProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'UndeliveredSchedules', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Declares it a dead-letter queue (Control Tower CT.SQS.PR.1 then asks for no dead-letter queue of its own).
      // No queue redrives into it (EventBridge does), so allowing every queue of the account opens nothing.
      redriveAllowPolicy: { redrivePermission: RedrivePermission.ALLOW_ALL },
    });
    acknowledgeRule(
      this.deadLetterQueue,
      'SQS3',
      'This queue is itself the dead-letter queue of the schedule targets (EventBridge DeadLetterConfig); ' +
        'nothing consumes it, so it needs no dead-letter queue of its own.',
    );
    const rule = (job: JobName) =>
      new Rule(this, `${job.charAt(0).toUpperCase()}${job.slice(1)}`, {
        description: `Lead session maintenance: start the ${job} run (UTC)`,
        schedule: Schedule.expression(props.schedules[job]),
        enabled: props.enabled,
        targets: [
          new LambdaFunction(props.jobs.byJob[job].function, {
            retryAttempts: 2,
            maxEventAge: maxDeliveryAge,
            deadLetterQueue: this.deadLetterQueue,
          }),
        ],
      });
    this.rules = { daily: rule('daily'), weekly: rule('weekly'), monthly: rule('monthly') };
  }

  /** Every rule, in schedule order. */
  get all(): readonly Rule[] {
    return jobFunctionNames.map((job) => this.rules[job]);
  }
}

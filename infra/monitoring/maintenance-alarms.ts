import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { MaintenanceFunction } from '#infra/functions/maintenance-function.ts';
import { metricJobs, metricNames } from './metric-names.ts';
import { runMetric } from './run-metric.ts';

export interface MaintenanceAlarmsProps {
  readonly stateMachine: StateMachine;
  readonly functions: readonly MaintenanceFunction[];
  readonly deadLetterQueue: IQueue;
  readonly topic: ITopic;
  readonly healthScoreThreshold: number;
  /** With the schedules disabled no daily run is expected: the missed-run alarm then notifies nobody. */
  readonly schedulesEnabled: boolean;
}

/** A daily run is missed when no run succeeded for this many hours: a day plus two hours of slack. */
export const missedDailyRunHours = 26;

const fiveMinutes = Duration.minutes(5);

/**
 * Every alarm of the system, each notifying the alarm topic (and again when it recovers). "Something happened"
 * alarms (failures, errors) ignore missing data; the missed daily run alarm treats missing data as breaching,
 * because silence is exactly what it watches for.
 */
export class MaintenanceAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MaintenanceAlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    const atLeastOnce = (alarmId: string, description: string, metric: IMetric) =>
      this.add(alarmId, description, metric, {
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });

    const machine = props.stateMachine;
    atLeastOnce('ExecutionsFailed', 'A maintenance run failed', machine.metricFailed({ period: fiveMinutes }));
    atLeastOnce('ExecutionsTimedOut', 'A maintenance run timed out', machine.metricTimedOut({ period: fiveMinutes }));
    atLeastOnce('ExecutionsAborted', 'A maintenance run was stopped', machine.metricAborted({ period: fiveMinutes }));
    for (const job of metricJobs) {
      atLeastOnce(
        `FailedBatches${capitalized(job)}`,
        `A ${job} run finished with failed batches (its report lists them)`,
        runMetric(metricNames.failedBatches, job),
      );
    }
    for (const fn of props.functions) {
      atLeastOnce(
        `Errors${fn.node.id}`,
        `The ${fn.node.id} function failed`,
        fn.function.metricErrors({ period: fiveMinutes, statistic: Stats.SUM }),
      );
    }
    atLeastOnce(
      'UndeliveredSchedules',
      'A schedule could not start its job function: its run did not happen',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: Stats.MAXIMUM }),
    );

    this.add(
      'NoSuccessfulDailyRun',
      `No daily run succeeded in ${missedDailyRunHours} hours`,
      runMetric(metricNames.runsSucceeded, 'daily', { period: Duration.hours(1) }),
      {
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: missedDailyRunHours,
        datapointsToAlarm: missedDailyRunHours,
        treatMissingData: TreatMissingData.BREACHING,
        actionsEnabled: props.schedulesEnabled,
      },
    );
    this.add(
      'LowHealthScore',
      `The monthly session health score is below ${props.healthScoreThreshold}`,
      // Emitted once a month: a day-long period keeps the alarm visible for a day after the run.
      runMetric(metricNames.healthScore, 'monthly', { period: Duration.days(1), statistic: Stats.MINIMUM }),
      {
        threshold: props.healthScoreThreshold,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      },
    );
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }

  private add(
    alarmId: string,
    description: string,
    metric: IMetric,
    options: {
      threshold: number;
      comparisonOperator: ComparisonOperator;
      treatMissingData: TreatMissingData;
      evaluationPeriods?: number;
      datapointsToAlarm?: number;
      actionsEnabled?: boolean;
    },
  ): void {
    this.alarms.push(
      new Alarm(this, alarmId, {
        metric,
        alarmDescription: `Lead session maintenance: ${description}.`,
        evaluationPeriods: options.evaluationPeriods ?? 1,
        ...options,
      }),
    );
  }
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

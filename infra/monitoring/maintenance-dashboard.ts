import { Duration } from 'aws-cdk-lib';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  Stats,
  type IAlarm,
  type IMetric,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { MaintenanceFunction } from '#infra/functions/maintenance-function.ts';
import { metricJobs, metricNames, removalReasons } from './metric-names.ts';
import { runMetric } from './run-metric.ts';

export interface MaintenanceDashboardProps {
  readonly stateMachine: StateMachine;
  readonly functions: readonly MaintenanceFunction[];
  readonly alarms: readonly IAlarm[];
}

const day = Duration.days(1);
const wide = 12;

/**
 * One page for the operator: alarm states first, then runs (executions, duration, failed batches, leads), then
 * what the jobs changed (sessions removed by reason, compressed, bytes saved, health), then the functions.
 * Run metrics are shown per day: each job runs at most daily.
 */
export class MaintenanceDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MaintenanceDashboardProps) {
    super(scope, id);
    const machine = props.stateMachine;
    const perJob = (name: string, statistic: string = Stats.SUM) =>
      metricJobs.map((job) => runMetric(name, job, { period: day, statistic, label: job }));
    const graph = (title: string, left: IMetric[]) => new GraphWidget({ title, left, width: wide, height: 6 });

    const rows: IWidget[][] = [
      [new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 4 })],
      [
        graph('Executions', [
          machine.metricStarted({ period: day, label: 'started' }),
          machine.metricSucceeded({ period: day, label: 'succeeded' }),
          machine.metricFailed({ period: day, label: 'failed' }),
          machine.metricTimedOut({ period: day, label: 'timed out' }),
        ]),
        graph('Run duration (seconds, max)', perJob(metricNames.runDurationSeconds, Stats.MAXIMUM)),
      ],
      [
        graph('Failed batches', perJob(metricNames.failedBatches)),
        graph('Leads processed', perJob(metricNames.leadsProcessed)),
      ],
      [
        graph(
          'Sessions removed by reason (daily)',
          removalReasons.map((reason) =>
            runMetric(metricNames.sessionsRemoved, 'daily', { reason, period: day, label: reason }),
          ),
        ),
        new GraphWidget({
          title: 'Compression (weekly)',
          left: [runMetric(metricNames.sessionsCompressed, 'weekly', { period: day, label: 'sessions compressed' })],
          right: [runMetric(metricNames.bytesSaved, 'weekly', { period: day, label: 'bytes saved' })],
          width: wide,
          height: 6,
        }),
      ],
      [
        new GraphWidget({
          title: 'Session health score (monthly)',
          left: [runMetric(metricNames.healthScore, 'monthly', { period: day, statistic: Stats.MINIMUM })],
          leftYAxis: { min: 0, max: 1 },
          width: wide,
          height: 6,
        }),
        graph(
          'Lambda errors',
          props.functions.map((fn) => fn.function.metricErrors({ period: Duration.hours(1), label: fn.node.id })),
        ),
      ],
      [
        new GraphWidget({
          title: 'Lambda duration (ms, max)',
          left: props.functions.map((fn) =>
            fn.function.metricDuration({ period: Duration.hours(1), statistic: Stats.MAXIMUM, label: fn.node.id }),
          ),
          width: 24,
          height: 6,
        }),
      ],
    ];
    this.dashboard = new Dashboard(this, 'Resource', { widgets: rows, defaultInterval: Duration.days(35) });
  }
}

import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { grantJobAccess } from './access/job-access.ts';
import { OperatorPolicy } from './access/operator-policy.ts';
import { grantStepAccess } from './access/step-access.ts';
import { DataKey } from './encryption/data-key.ts';
import { jobEnvironment, stepEnvironment } from './functions/function-environment.ts';
import { JobLambdas } from './functions/job-lambdas.ts';
import { StepLambdas } from './functions/step-lambdas.ts';
import { AlarmTopic } from './monitoring/alarm-topic.ts';
import { MaintenanceAlarms } from './monitoring/maintenance-alarms.ts';
import { MaintenanceDashboard } from './monitoring/maintenance-dashboard.ts';
import { importFunctionNetwork } from './network/vpc-placement.ts';
import { MaintenanceStateMachine } from './orchestration/maintenance-state-machine.ts';
import { MaintenanceSchedules } from './scheduling/maintenance-schedules.ts';
import { MongoSecret } from './secrets/mongo-secret.ts';
import type { MaintenanceSettings } from './settings/maintenance-settings.ts';
import { addStackOutputs } from './stack-outputs.ts';
import { ReportsStorage } from './storage/reports-storage.ts';

export interface LeadSessionMaintenanceStackProps extends StackProps {
  readonly settings: MaintenanceSettings;
}

/**
 * The whole system: schedules -> job functions -> state machine (Plan, ProcessBatches, Finalize) -> MongoDB and
 * the reports bucket, with alarms, a dashboard and an operator policy. Wiring only: each concern is a construct.
 */
export class LeadSessionMaintenanceStack extends Stack {
  /** What the stack was built with (the Control Tower checks read it: infra/validation/control-tower-checks.ts). */
  readonly settings: MaintenanceSettings;

  constructor(scope: Construct, id: string, props: LeadSessionMaintenanceStackProps) {
    super(scope, id, props);
    const { settings } = props;
    this.settings = settings;

    const { key } = new DataKey(this, 'DataKey');
    const logging = { retentionDays: settings.logRetentionDays, encryptionKey: key };
    const network = importFunctionNetwork(this, settings.vpc);
    const storage = new ReportsStorage(this, 'Storage', { ...settings, encryptionKey: key });
    const { secret } = new MongoSecret(this, 'Mongo', { existingSecretArn: settings.mongoSecretArn });
    const steps = new StepLambdas(this, 'Steps', {
      environment: stepEnvironment({ secretArn: secret.secretArn, bucketName: storage.bucket.bucketName, settings }),
      network,
      logging,
    });
    grantStepAccess({ steps, bucket: storage.bucket, secret });

    const { stateMachine } = new MaintenanceStateMachine(this, 'Run', {
      steps,
      mapMaxConcurrency: settings.mapMaxConcurrency,
      logging,
    });
    const jobs = new JobLambdas(this, 'Jobs', {
      environment: (job) => jobEnvironment(job, stateMachine.stateMachineArn, settings),
      network,
      logging,
    });
    grantJobAccess(jobs, stateMachine);

    const schedules = new MaintenanceSchedules(this, 'Schedules', {
      jobs,
      schedules: settings.schedules,
      enabled: settings.cleanupEnabled,
    });

    const { topic } = new AlarmTopic(this, 'AlarmTopic', { email: settings.alarmEmail });
    const functions = [...jobs.all, ...steps.all];
    const { alarms } = new MaintenanceAlarms(this, 'Alarms', {
      stateMachine,
      functions,
      deadLetterQueue: schedules.deadLetterQueue,
      topic,
      healthScoreThreshold: settings.healthScoreAlarmThreshold,
      schedulesEnabled: settings.cleanupEnabled,
    });
    const { dashboard } = new MaintenanceDashboard(this, 'Dashboard', { stateMachine, functions, alarms });

    const operator = new OperatorPolicy(this, 'OperatorPolicy', {
      jobs,
      stateMachine,
      bucket: storage.bucket,
      rules: schedules.all,
      secret,
    });

    addStackOutputs(this, {
      bucketName: storage.bucket.bucketName,
      stateMachineArn: stateMachine.stateMachineArn,
      jobFunctionNames: {
        daily: jobs.byJob.daily.function.functionName,
        weekly: jobs.byJob.weekly.function.functionName,
        monthly: jobs.byJob.monthly.function.functionName,
      },
      ruleNames: {
        daily: schedules.rules.daily.ruleName,
        weekly: schedules.rules.weekly.ruleName,
        monthly: schedules.rules.monthly.ruleName,
      },
      alarmTopicArn: topic.topicArn,
      dashboardName: dashboard.dashboardName,
      mongoSecretArn: secret.secretArn,
      operatorPolicyArn: operator.policy.managedPolicyArn,
    });
  }
}

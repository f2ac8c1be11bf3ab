import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, QueryLanguage, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { FunctionLogging } from '#infra/functions/maintenance-function.ts';
import type { StepLambdas } from '#infra/functions/step-lambdas.ts';
import { acknowledgeWildcardResource } from '#infra/nag/acknowledge.ts';
import { buildMaintenanceDefinition } from './maintenance-definition.ts';

export interface MaintenanceStateMachineProps {
  readonly steps: StepLambdas;
  readonly mapMaxConcurrency: number;
  /** The execution log's retention and key: the functions' settings. */
  readonly logging: FunctionLogging;
}

/** A run's upper bound: ~2,000 batches at 4 concurrent batches of up to a few minutes each, with room to spare. */
export const runTimeout = Duration.hours(6);

/**
 * The Standard state machine shared by the three jobs (the job travels in `$.run`). Standard, not Express: runs
 * last hours, and the execution name (the run id) must be unique for 90 days so a duplicate delivery of a
 * schedule event cannot start a second run.
 */
export class MaintenanceStateMachine extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: MaintenanceStateMachineProps) {
    super(scope, id);
    const { steps } = props;
    this.logGroup = new LogGroup(this, 'Logs', {
      // Vended-logs names keep the account's CloudWatch Logs resource policy small (Step Functions' advice).
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}`,
      retention: props.logging.retentionDays,
      encryptionKey: props.logging.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stateMachine = new StateMachine(this, 'Resource', {
      comment: 'Lead session maintenance run: Plan -> ProcessBatches -> Finalize',
      stateMachineType: StateMachineType.STANDARD,
      queryLanguage: QueryLanguage.JSON_PATH,
      definitionBody: DefinitionBody.fromChainable(
        buildMaintenanceDefinition(this, {
          plan: steps.plan.function,
          processBatch: steps.processBatch.function,
          recordBatchFailure: steps.recordBatchFailure.function,
          finalize: steps.finalize.function,
          mapMaxConcurrency: props.mapMaxConcurrency,
        }),
      ),
      timeout: runTimeout,
      tracingEnabled: true,
      // Every state transition is logged; inputs and outputs are not (manual runs carry lead ids): the execution
      // history keeps them for 90 days for whoever may read it.
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });

    const role = this.stateMachine.role;
    for (const step of steps.all) {
      acknowledgeWildcardResource(
        role,
        `${step.function.functionArn}:*`,
        'Invoking a function also means invoking its versions (ARN:*): the Lambda task grant covers both.',
      );
    }
    acknowledgeWildcardResource(
      role,
      '*',
      'Log delivery (logs:CreateLogDelivery and related) and X-Ray (PutTraceSegments) support no resource-level ' +
        'permissions; Step Functions documents "*" for both.',
    );
  }
}

import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FunctionNetwork } from '#infra/network/vpc-placement.ts';
import { stepEntryFile, stepHandlerExports, type StepFunctionName } from './function-names.ts';
import { MaintenanceFunction, type FunctionLogging } from './maintenance-function.ts';
import { stepTimeoutSeconds } from './step-timeouts.ts';

export interface StepLambdasProps {
  readonly environment: Record<string, string>;
  readonly network: FunctionNetwork | null;
  readonly logging: FunctionLogging;
}

interface StepSizing {
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
}

/**
 * Memory and timeout per step. Memory buys CPU for BSON decoding and gzip; Plan only counts and cuts id ranges,
 * recording a failure is one write, a batch and Finalize (monthly analytics, HTML report) do the heavy work.
 */
export const stepSizing: Readonly<Record<StepFunctionName, StepSizing>> = {
  plan: {
    description: 'Plan a run: lease, id-range batches',
    memorySize: 512,
    timeout: Duration.seconds(stepTimeoutSeconds.plan),
  },
  'process-batch': {
    description: 'Apply a run to one batch of leads',
    memorySize: 1024,
    timeout: Duration.seconds(stepTimeoutSeconds['process-batch']),
  },
  'record-batch-failure': {
    description: 'Record why a batch failed',
    memorySize: 256,
    timeout: Duration.seconds(stepTimeoutSeconds['record-batch-failure']),
  },
  finalize: {
    description: 'Finish a run: report, metrics, event',
    memorySize: 1024,
    timeout: Duration.seconds(stepTimeoutSeconds.finalize),
  },
};

/**
 * The four functions behind the state machine's tasks; all reach MongoDB and the reports bucket. One bundle,
 * `functions/steps.ts`, serves all four (same entry and settings: CDK bundles it once and uploads one asset).
 */
export class StepLambdas extends Construct {
  readonly plan: MaintenanceFunction;
  readonly processBatch: MaintenanceFunction;
  readonly recordBatchFailure: MaintenanceFunction;
  readonly finalize: MaintenanceFunction;

  constructor(scope: Construct, id: string, props: StepLambdasProps) {
    super(scope, id);
    const step = (constructId: string, name: StepFunctionName) =>
      new MaintenanceFunction(this, constructId, {
        name,
        code: { entryFile: stepEntryFile, handlerExport: stepHandlerExports[name] },
        ...stepSizing[name],
        environment: props.environment,
        network: props.network,
        logging: props.logging,
      });
    this.plan = step('Plan', 'plan');
    this.processBatch = step('ProcessBatch', 'process-batch');
    this.recordBatchFailure = step('RecordBatchFailure', 'record-batch-failure');
    this.finalize = step('Finalize', 'finalize');
  }

  /** Every step function, by name. */
  get all(): readonly MaintenanceFunction[] {
    return [this.plan, this.processBatch, this.recordBatchFailure, this.finalize];
  }
}

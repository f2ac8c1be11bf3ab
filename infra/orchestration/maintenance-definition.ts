import { Errors, Fail, JsonPath, Map, Pass, TaskInput, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { transientRetry } from './retry-policy.ts';
import { runFailedError, stateNames } from './state-names.ts';

export interface MaintenanceDefinitionProps {
  readonly plan: IFunction;
  readonly processBatch: IFunction;
  readonly recordBatchFailure: IFunction;
  readonly finalize: IFunction;
  readonly mapMaxConcurrency: number;
}

const catchAll = (resultPath: string) => ({ errors: [Errors.ALL], resultPath });

/**
 * Plan -> ProcessBatches (inline Map over batch descriptors) -> Finalize, input `{"run": RunContext}`.
 * A failed batch is recorded and the run goes on (the report says COMPLETED_WITH_ERRORS); a failed Plan, Map or
 * Finalize is recorded by RecordFailedRun and ends in RunFailed. Only descriptors and counters travel: the Map's
 * results are discarded (the workers record them in MongoDB), so the state stays small at 2,000 batches.
 */
export function buildMaintenanceDefinition(scope: Construct, props: MaintenanceDefinitionProps): IChainable {
  const invoke = (id: string, lambdaFunction: IFunction, payload: TaskInput, outputPath?: string): LambdaInvoke => {
    const task = LambdaInvoke.jsonPath(scope, id, {
      lambdaFunction,
      payload,
      ...(outputPath === undefined ? {} : { outputPath }),
      // The generated retry (6 attempts, no TransientDatabaseError) is replaced by transientRetry.
      retryOnServiceExceptions: false,
    });
    task.addRetry(transientRetry);
    return task;
  };

  const runFailed = new Fail(scope, stateNames.runFailed, {
    error: runFailedError,
    cause:
      'Plan, the batches or Finalize failed: the run report says why (and the run record, when the database answered)',
  });
  const recordFailedRun = invoke(
    stateNames.recordFailedRun,
    props.finalize,
    TaskInput.fromObject({ run: JsonPath.objectAt('$.run'), failure: JsonPath.objectAt('$.failure') }),
  );
  // Recording the failure failed too: the execution fails anyway, with RunFailed's error.
  recordFailedRun.addCatch(runFailed, catchAll('$.recordFailure')).next(runFailed);

  const plan = LambdaInvoke.jsonPath(scope, stateNames.plan, {
    lambdaFunction: props.plan,
    payload: TaskInput.fromJsonPathAt('$'),
    resultSelector: {
      batchCount: JsonPath.numberAt('$.Payload.batchCount'),
      batches: JsonPath.listAt('$.Payload.batches'),
    },
    resultPath: '$.plan',
    retryOnServiceExceptions: false,
  })
    .addRetry(transientRetry)
    .addCatch(recordFailedRun, catchAll('$.failure'));

  const processBatches = Map.jsonPath(scope, stateNames.processBatches, {
    itemsPath: '$.plan.batches',
    itemSelector: { run: JsonPath.objectAt('$.run'), batch: JsonPath.objectAt('$$.Map.Item.Value') },
    maxConcurrency: props.mapMaxConcurrency,
    resultPath: JsonPath.DISCARD,
  }).addCatch(recordFailedRun, catchAll('$.failure'));
  processBatches.itemProcessor(processOneBatch(scope, props, invoke));

  const finalize = invoke(
    stateNames.finalize,
    props.finalize,
    TaskInput.fromObject({ run: JsonPath.objectAt('$.run'), batchCount: JsonPath.numberAt('$.plan.batchCount') }),
    '$.Payload',
  ).addCatch(recordFailedRun, catchAll('$.failure'));

  return plan.next(processBatches).next(finalize);
}

/** One Map iteration: process the batch; on failure record it; if even that fails, end the iteration quietly. */
function processOneBatch(
  scope: Construct,
  props: MaintenanceDefinitionProps,
  invoke: (id: string, fn: IFunction, payload: TaskInput, outputPath?: string) => LambdaInvoke,
): IChainable {
  // Finalize counts a planned batch without a "done" record as failed, so an unrecorded failure is still reported.
  const notRecorded = new Pass(scope, stateNames.batchFailureNotRecorded);
  const recordBatchFailure = invoke(
    stateNames.recordBatchFailure,
    props.recordBatchFailure,
    TaskInput.fromObject({
      run: JsonPath.objectAt('$.run'),
      batch: JsonPath.objectAt('$.batch'),
      error: JsonPath.objectAt('$.error'),
    }),
    '$.Payload',
  ).addCatch(notRecorded, catchAll('$.recordError'));
  return invoke(stateNames.processBatch, props.processBatch, TaskInput.fromJsonPathAt('$'), '$.Payload').addCatch(
    recordBatchFailure,
    catchAll('$.error'),
  );
}

import aslValidator from 'asl-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractStateMachineDefinition, placeholderFunctionArn, type AslDefinition } from '#infra/definition.ts';
import { allStates } from '#infra/definition/asl-definition.ts';
import { stateNames } from '#infra/orchestration/state-names.ts';
import { synthesize, type SynthesizedStack } from './support/synthesized-stack.ts';
import { flatten, resourceNamed } from './support/template-queries.ts';

let synthesized: SynthesizedStack;
let definition: AslDefinition;
beforeAll(() => {
  synthesized = synthesize();
  definition = extractStateMachineDefinition(synthesized.json as unknown as Record<string, unknown>).definition;
});

const state = (name: string) => {
  const found = allStates(definition)[name];
  if (found === undefined) throw new Error(`no state ${name}`);
  return found;
};

const transientRetry = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
    'TransientDatabaseError',
  ],
  IntervalSeconds: 2,
  BackoffRate: 2,
  MaxAttempts: 3,
  JitterStrategy: 'FULL',
};

describe('the maintenance state machine', () => {
  it('is a Standard state machine with every event logged, X-Ray tracing and a six-hour timeout', () => {
    // Act
    const [, machine] = resourceNamed(synthesized.json, 'AWS::StepFunctions::StateMachine', 'Run');

    // Assess
    expect(machine.StateMachineType).toBe('STANDARD');
    expect(machine.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    expect(definition.TimeoutSeconds).toBe(6 * 3600);
    expect(definition.QueryLanguage).toBe('JSONPath');
  });

  it('passes asl-validator', () => {
    // Act
    const result = aslValidator(structuredClone(definition));

    // Assess
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('is checked by a validator that does refuse a broken definition', () => {
    // Prepare
    const broken = structuredClone(definition) as unknown as { States: Record<string, Record<string, unknown>> };
    if (broken.States.Plan) broken.States.Plan.Next = 'NoSuchState';

    // Act
    const result = aslValidator(broken);

    // Assess
    expect(result.isValid).toBe(false);
  });

  it('has exactly the states the local runner maps by name', () => {
    expect(definition.StartAt).toBe('Plan');
    expect(Object.keys(allStates(definition)).sort()).toEqual(Object.values(stateNames).sort());
    expect(Object.keys(definition.States).sort()).toEqual(
      ['Plan', 'ProcessBatches', 'Finalize', 'RecordFailedRun', 'RunFailed'].sort(),
    );
  });

  it('plans with the whole input and keeps only the batch count and descriptors under $.plan', () => {
    expect(state('Plan')).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: placeholderFunctionArn('plan'), 'Payload.$': '$' },
      ResultSelector: { 'batchCount.$': '$.Payload.batchCount', 'batches.$': '$.Payload.batches' },
      ResultPath: '$.plan',
      Next: 'ProcessBatches',
    });
  });

  it('maps over the batch descriptors inline, discarding the results to keep the state small', () => {
    expect(state('ProcessBatches')).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.plan.batches',
      ItemSelector: { 'run.$': '$.run', 'batch.$': '$$.Map.Item.Value' },
      MaxConcurrency: 4,
      ResultPath: null,
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'ProcessBatch' },
      Next: 'Finalize',
    });
  });

  it.each([
    ['ProcessBatch', 'process-batch', { 'Payload.$': '$' }, '$.Payload'],
    [
      'RecordBatchFailure',
      'record-batch-failure',
      { Payload: { 'run.$': '$.run', 'batch.$': '$.batch', 'error.$': '$.error' } },
      '$.Payload',
    ],
    ['Finalize', 'finalize', { Payload: { 'run.$': '$.run', 'batchCount.$': '$.plan.batchCount' } }, '$.Payload'],
    ['RecordFailedRun', 'finalize', { Payload: { 'run.$': '$.run', 'failure.$': '$.failure' } }, undefined],
  ])('%s invokes the %s function with its payload', (name, fn, payload, outputPath) => {
    expect(state(name)).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: placeholderFunctionArn(fn), ...payload },
    });
    expect(state(name).OutputPath).toBe(outputPath);
  });

  it.each(['Plan', 'ProcessBatch', 'RecordBatchFailure', 'Finalize', 'RecordFailedRun'])(
    '%s retries transient Lambda and database errors: 2 s, backoff 2, 3 attempts, full jitter',
    (name) => {
      expect(state(name).Retry).toEqual([transientRetry]);
    },
  );

  it.each([
    ['Plan', '$.failure', 'RecordFailedRun'],
    ['ProcessBatches', '$.failure', 'RecordFailedRun'],
    ['Finalize', '$.failure', 'RecordFailedRun'],
    ['ProcessBatch', '$.error', 'RecordBatchFailure'],
    ['RecordBatchFailure', '$.recordError', 'BatchFailureNotRecorded'],
    ['RecordFailedRun', '$.recordFailure', 'RunFailed'],
  ])('%s catches every error into %s and goes on to %s', (name, resultPath, next) => {
    expect(state(name).Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: resultPath, Next: next }]);
  });

  it('ends a batch whose failure cannot be recorded quietly, and a failed run in MaintenanceRunFailed', () => {
    expect(state('BatchFailureNotRecorded')).toEqual({ Type: 'Pass', End: true });
    expect(state('RecordFailedRun').Next).toBe('RunFailed');
    expect(state('RunFailed')).toMatchObject({ Type: 'Fail', Error: 'MaintenanceRunFailed' });
    expect(state('Finalize').End).toBe(true);
    expect(state('ProcessBatch').End).toBe(true);
    expect(state('RecordBatchFailure').End).toBe(true);
  });

  it('takes the Map concurrency from the mapMaxConcurrency context key', () => {
    // Act
    const changed = extractStateMachineDefinition(
      synthesize({ mapMaxConcurrency: 17 }).json as unknown as Record<string, unknown>,
    ).definition;

    // Assess
    expect(allStates(changed).ProcessBatches?.MaxConcurrency).toBe(17);
  });

  it('logs to a vended-logs group kept 90 days, encrypted with the data key', () => {
    // Prepare
    const [, machine] = resourceNamed(synthesized.json, 'AWS::StepFunctions::StateMachine', 'Run');
    const destination = (
      machine.LoggingConfiguration as { Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: unknown } }[] }
    ).Destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn;

    // Act
    const [, logGroup] = resourceNamed(synthesized.json, 'AWS::Logs::LogGroup', 'RunLogs');

    // Assess
    expect(flatten(destination)).toBe('<RunLogs.Arn>');
    expect(logGroup).toEqual({
      LogGroupName: '/aws/vendedlogs/states/LeadSessionMaintenance',
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] },
      RetentionInDays: 90,
    });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { jobFunctionNames, stepFunctionNames, type MaintenanceFunctionName } from '#infra/functions/function-names.ts';
import { metricNamespace, serviceName } from '#infra/monitoring/metric-names.ts';
import { synthesize, type SynthesizedStack } from './support/synthesized-stack.ts';
import { flatten, lambdaFunction, resourcesOfType } from './support/template-queries.ts';
import { importedSecretArn, variantContext } from './support/variant-context.ts';

let defaults: SynthesizedStack;
let variant: SynthesizedStack;
beforeAll(() => {
  defaults = synthesize();
  variant = synthesize(variantContext);
});

const environmentOf = (stack: SynthesizedStack, name: MaintenanceFunctionName) => {
  const variables = (lambdaFunction(stack.json, name)[1].Environment as { Variables: Record<string, unknown> })
    .Variables;
  return Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, flatten(value)]));
};

const policyVariables = {
  SESSION_EXPIRY_DAYS: '30',
  COMPRESSION_AFTER_DAYS: '7',
  MAX_SESSIONS_PER_LEAD: '10',
  ANALYTICS_RETENTION_DAYS: '90',
  SESSION_CLEANUP_ENABLED: 'true',
  BATCH_SIZE: '1000',
};
const observabilityVariables = {
  POWERTOOLS_SERVICE_NAME: serviceName,
  POWERTOOLS_METRICS_NAMESPACE: metricNamespace,
  POWERTOOLS_LOG_LEVEL: 'INFO',
};

describe('the functions', () => {
  it('are the three job functions and the four step functions, nothing else', () => {
    expect(resourcesOfType(defaults.json, 'AWS::Lambda::Function')).toHaveLength(7);
  });

  it.each([
    ['daily', 256, 30],
    ['weekly', 256, 30],
    ['monthly', 256, 30],
    ['plan', 512, 300],
    ['process-batch', 1024, 600],
    ['record-batch-failure', 256, 60],
    ['finalize', 1024, 600],
  ] as const)('%s runs Node 24 on arm64 with %i MB for %i s, traced', (name, memory, timeout) => {
    expect(lambdaFunction(defaults.json, name)[1]).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: memory,
      Timeout: timeout,
      TracingConfig: { Mode: 'Active' },
    });
  });

  it('deploys the four step functions from one asset, the job functions from their own', () => {
    // Act
    const assetOf = (name: MaintenanceFunctionName) =>
      JSON.stringify((lambdaFunction(defaults.json, name)[1].Code as { S3Key: unknown }).S3Key);
    const stepAssets = new Set(stepFunctionNames.map(assetOf));

    // Assess
    expect(stepAssets.size).toBe(1);
    expect(stepAssets.has(assetOf('daily'))).toBe(false);
  });

  it.each([
    ['daily', 'index.handler'],
    ['weekly', 'index.handler'],
    ['monthly', 'index.handler'],
    ['plan', 'index.plan'],
    ['process-batch', 'index.processBatch'],
    ['record-batch-failure', 'index.recordBatchFailure'],
    ['finalize', 'index.finalize'],
  ] as const)('%s calls %s of its bundle', (name, handler) => {
    expect(lambdaFunction(defaults.json, name)[1].Handler).toBe(handler);
  });

  it.each([...jobFunctionNames, ...stepFunctionNames])('%s logs to its own log group, kept 90 days', (name) => {
    // Prepare
    const logGroupRef = (lambdaFunction(defaults.json, name)[1].LoggingConfig as { LogGroup: { Ref: string } }).LogGroup
      .Ref;

    // Act
    const logGroup = defaults.json.Resources[logGroupRef];

    // Assess
    expect(logGroup?.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup?.Properties?.RetentionInDays).toBe(90);
    expect(flatten(logGroup?.Properties?.KmsKeyId)).toBe('<DataKey.Arn>');
  });

  it.each(jobFunctionNames)('the %s job function knows its job, the state machine and the policy', (job) => {
    expect(environmentOf(defaults, job)).toEqual({
      JOB_NAME: job,
      STATE_MACHINE_ARN: '<Run>',
      ...policyVariables,
      ...observabilityVariables,
    });
  });

  it.each(stepFunctionNames)(
    'the %s step reaches MongoDB through the secret, the bucket and the default bus',
    (step) => {
      expect(environmentOf(defaults, step)).toEqual({
        MONGODB_SECRET_ARN: '<MongoConnectionString>',
        REPORTS_BUCKET: '<StorageReports>',
        EVENT_BUS_NAME: 'default',
        ...policyVariables,
        ...observabilityVariables,
      });
    },
  );

  it('passes the configured policy, an imported secret and the database name', () => {
    expect(environmentOf(variant, 'process-batch')).toMatchObject({
      MONGODB_SECRET_ARN: importedSecretArn,
      MONGODB_DATABASE: 'crm',
      SESSION_EXPIRY_DAYS: '45',
      COMPRESSION_AFTER_DAYS: '14',
      MAX_SESSIONS_PER_LEAD: '20',
      ANALYTICS_RETENTION_DAYS: '180',
      SESSION_CLEANUP_ENABLED: 'false',
      BATCH_SIZE: '500',
    });
    expect(environmentOf(variant, 'daily')).toMatchObject({ SESSION_CLEANUP_ENABLED: 'false', BATCH_SIZE: '500' });
  });

  it('creates the MongoDB secret only when none is imported', () => {
    expect(resourcesOfType(defaults.json, 'AWS::SecretsManager::Secret')).toHaveLength(1);
    expect(resourcesOfType(variant.json, 'AWS::SecretsManager::Secret')).toHaveLength(0);
  });

  it('places every function in the VPC when one is given (Control Tower CT.LAMBDA.PR.3), none by default', () => {
    // Act
    const vpcConfig = (json: typeof variant.json, name: MaintenanceFunctionName) =>
      lambdaFunction(json, name)[1].VpcConfig;

    // Assess
    for (const name of [...jobFunctionNames, ...stepFunctionNames]) {
      expect(vpcConfig(variant.json, name)).toEqual({
        SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
        SecurityGroupIds: ['sg-0123456789abcdef0'],
      });
      expect(vpcConfig(defaults.json, name)).toBeUndefined();
    }
  });
});

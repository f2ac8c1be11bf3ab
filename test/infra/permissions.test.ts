import { beforeAll, describe, expect, it } from 'vitest';
import { jobFunctionNames, stepFunctionNames, type StepFunctionName } from '#infra/functions/function-names.ts';
import { synthesize, type SynthesizedStack } from './support/synthesized-stack.ts';
import { resourceNamed, resourcesOfType, roleOfFunction, rolePermissions } from './support/template-queries.ts';
import { variantContext } from './support/variant-context.ts';

let defaults: SynthesizedStack;
let variant: SynthesizedStack;
beforeAll(() => {
  defaults = synthesize();
  variant = synthesize({
    ...variantContext,
    mongoSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:crm/uri',
  });
});

const executions = 'arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<Run.Name>:*';
const logsAndTracing = (logGroup: string) => [
  `logs:CreateLogStream on <${logGroup}.Arn>`,
  `logs:PutLogEvents on <${logGroup}.Arn>`,
  'xray:PutTelemetryRecords on *',
  'xray:PutTraceSegments on *',
];
const readSecret = 'secretsmanager:GetSecretValue on <MongoConnectionString>';

describe('least privilege: each role can do exactly what its function does', () => {
  it.each(jobFunctionNames)('the %s job function starts and describes executions, nothing else', (job) => {
    // Prepare
    const title = `${job.charAt(0).toUpperCase()}${job.slice(1)}`;

    // Act
    const permissions = rolePermissions(defaults.json, roleOfFunction(defaults.json, job));

    // Assess
    expect(permissions).toEqual(
      [
        ...logsAndTracing(`Jobs${title}Logs`),
        'states:StartExecution on <Run>',
        `states:DescribeExecution on ${executions}`,
      ].sort(),
    );
  });

  // The bucket's KMS key, only through S3 in the stack's region.
  const viaS3 =
    ' if {"StringEquals":{"kms:ViaService":{"Fn::Join":["",["s3.",{"Ref":"AWS::Region"},".amazonaws.com"]]}}}';
  it.each([
    [
      'plan',
      'StepsPlanLogs',
      ['s3:PutObject on <StorageReports.Arn>/plans/*', `kms:GenerateDataKey on <DataKey.Arn>${viaS3}`],
    ],
    [
      'process-batch',
      'StepsProcessBatchLogs',
      [
        's3:PutObject on <StorageReports.Arn>/plans/*',
        's3:PutObject on <StorageReports.Arn>/archive/*',
        `kms:GenerateDataKey on <DataKey.Arn>${viaS3}`,
      ],
    ],
    ['record-batch-failure', 'StepsRecordBatchFailureLogs', []],
    [
      'finalize',
      'StepsFinalizeLogs',
      [
        's3:PutObject on <StorageReports.Arn>/reports/*',
        's3:GetObject on <StorageReports.Arn>/reports/*',
        's3:GetObject on <StorageReports.Arn>/plans/*',
        's3:ListBucket on <StorageReports.Arn>',
        'events:PutEvents on arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:event-bus/default',
        `kms:GenerateDataKey on <DataKey.Arn>${viaS3}`,
        `kms:Decrypt on <DataKey.Arn>${viaS3}`,
      ],
    ],
  ] as [StepFunctionName, string, string[]][])(
    'the %s step reads the MongoDB URI and touches only its own prefixes',
    (step, logGroup, own) => {
      // Act
      const permissions = rolePermissions(defaults.json, roleOfFunction(defaults.json, step));

      // Assess
      expect(permissions).toEqual([...logsAndTracing(logGroup), readSecret, ...own].sort());
    },
  );

  it('lets no job function read S3 or the secret, and no function delete anything or use a wildcard action', () => {
    // Act
    const byFunction = [...jobFunctionNames, ...stepFunctionNames].map((name) => ({
      name,
      permissions: rolePermissions(defaults.json, roleOfFunction(defaults.json, name)),
    }));

    // Assess
    for (const { name, permissions } of byFunction) {
      const actions = permissions.map((permission) => permission.split(' ')[0] ?? '');
      expect(
        actions.filter((action) => action.includes('*') || /Delete/.test(action)),
        name,
      ).toEqual([]);
      if ((jobFunctionNames as readonly string[]).includes(name)) {
        expect(
          actions.filter((action) => /^(s3|secretsmanager|events):/.test(action)),
          name,
        ).toEqual([]);
      }
    }
  });

  it('lets the state machine invoke the four step functions (and their versions) only', () => {
    // Prepare
    const [roleId] = resourceNamed(defaults.json, 'AWS::IAM::Role', 'RunRole');

    // Act
    const invocations = rolePermissions(defaults.json, roleId).filter((line) => line.startsWith('lambda:'));

    // Assess
    expect(invocations).toEqual(
      ['Plan', 'ProcessBatch', 'RecordBatchFailure', 'Finalize']
        .flatMap((step) => [
          `lambda:InvokeFunction on <Steps${step}Function.Arn>`,
          `lambda:InvokeFunction on <Steps${step}Function.Arn>:*`,
        ])
        .sort(),
    );
  });

  it('reads an imported secret by its name plus the random suffix Secrets Manager appends', () => {
    const permissions = rolePermissions(variant.json, roleOfFunction(variant.json, 'plan'));
    expect(permissions).toContain(
      'secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-1:123456789012:secret:crm/uri-??????',
    );
  });

  it('gives functions in a VPC the managed policy that lets them manage their network interfaces', () => {
    // Act
    const managed = (stack: SynthesizedStack) =>
      resourcesOfType(stack.json, 'AWS::IAM::Role').flatMap(([roleId]) =>
        rolePermissions(stack.json, roleId).filter((line) => line.startsWith('managed ')),
      );

    // Assess
    // Every function runs in the VPC when one is given (Control Tower CT.LAMBDA.PR.3).
    expect(managed(variant)).toEqual(
      [...jobFunctionNames, ...stepFunctionNames].map(
        () => 'managed arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
      ),
    );
    expect(managed(defaults)).toEqual([]);
  });
});

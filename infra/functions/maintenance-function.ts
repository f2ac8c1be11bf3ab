import { RemovalPolicy, Tags, type Duration } from 'aws-cdk-lib';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeRule, acknowledgeWildcardResource } from '#infra/nag/acknowledge.ts';
import type { FunctionNetwork } from '#infra/network/vpc-placement.ts';
import { repoPath, repoRoot } from '#infra/paths.ts';
import { functionNameTag, type MaintenanceFunctionName } from './function-names.ts';
import { functionBundleSettings } from './function-bundle-settings.ts';

/** Where a function's log group keeps its events, and the key that encrypts them. */
export interface FunctionLogging {
  readonly retentionDays: number;
  readonly encryptionKey: IKey;
}

/** A function's code: an entry under functions/ and the export Lambda calls. */
export interface FunctionCode {
  /** `steps.ts` for `functions/steps.ts`. */
  readonly entryFile: string;
  readonly handlerExport: string;
}

export interface MaintenanceFunctionProps {
  /** Tags the function (`plan`, `daily`...). */
  readonly name: MaintenanceFunctionName;
  readonly code: FunctionCode;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  readonly network: FunctionNetwork | null;
  readonly logging: FunctionLogging;
}

/**
 * One function of the system, built the same way for all: Node 24 on arm64, bundled locally by esbuild as ESM
 * (the AWS SDK included, so the tested SDK version is the deployed one), X-Ray tracing, its own log group (retention and
 * KMS key from the stack's settings), and its own role that starts with nothing but writing to that log group and sending traces. Callers
 * grant the rest.
 */
export class MaintenanceFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: MaintenanceFunctionProps) {
    super(scope, id);
    // Kept when the stack is deleted: the logs are the audit trail of runs that changed lead documents.
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logging.retentionDays,
      encryptionKey: props.logging.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An explicit role instead of the default one: the default attaches AWSLambdaBasicExecutionRole, which may
    // write to every log group of the account.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Lead session maintenance: the ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: repoPath('functions', props.code.entryFile),
      handler: props.code.handlerExport,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: props.environment,
      projectRoot: repoRoot,
      depsLockFilePath: repoPath('package-lock.json'),
      bundling: {
        minify: true,
        sourceMap: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        // CommonJS dependencies bundled into an ES module still call require(): give them one.
        banner: functionBundleSettings.banner,
        // Bundled: the deployed code runs the SDK version the tests ran (docs/benchmarks.md, bundles).
        bundleAwsSDK: true,
        // Warnings and errors only: esbuild's size summary flags every output over 1 MB, which the step bundle is by
        // design (its budget is 1.5 MB, measured by bench/bundles).
        logLevel: LogLevel.WARNING,
        externalModules: [...functionBundleSettings.external],
        esbuildArgs: Object.fromEntries(
          Object.entries(functionBundleSettings.alias).map(([module, path]) => [`--alias:${module}`, path]),
        ),
        tsconfig: repoPath('tsconfig.json'),
      },
      ...(props.network ?? {}),
    });
    Tags.of(this.function).add(functionNameTag, props.name);

    acknowledgeWildcardResource(
      this.role,
      '*',
      'X-Ray PutTraceSegments and PutTelemetryRecords (active tracing) support no resource-level permissions.',
    );
    if (props.network !== null) {
      // Added by hand: Lambda attaches it only to roles it creates itself.
      this.role.addManagedPolicy(
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
      );
      acknowledgeRule(
        this.role,
        'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        'A function in a VPC needs to create and delete its network interfaces; this AWS managed policy is the ' +
          'documented minimum for that and changes with the Lambda service.',
      );
    }
  }
}

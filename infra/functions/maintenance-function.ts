import { RemovalPolicy, Tags, type Duration } from 'aws-cdk-lib';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeRule, acknowledgeWildcardResource } from '#infra/nag/acknowledge.ts';
import type { FunctionNetwork } from '#infra/network/vpc-placement.ts';
import { repoPath, repoRoot } from '#infra/paths.ts';
import { functionNameTag, type MaintenanceFunctionName } from './function-names.ts';

export interface MaintenanceFunctionProps {
  /** `functions/<name>.ts` is the entry. */
  readonly name: MaintenanceFunctionName;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  readonly network: FunctionNetwork | null;
}

/** Function logs hold run ids, counts and errors (never session data); a quarter covers any investigation. */
export const functionLogRetention = RetentionDays.THREE_MONTHS;

/**
 * One function of the system, built the same way for all: Node 24 on arm64, bundled locally by esbuild as ESM
 * (the AWS SDK included, so the tested SDK version is the deployed one), X-Ray tracing, its own log group with a
 * retention, and its own role that starts with nothing but writing to that log group and sending traces. Callers
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
      retention: functionLogRetention,
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
      entry: repoPath('functions', `${props.name}.ts`),
      handler: 'handler',
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
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        bundleAwsSDK: true,
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

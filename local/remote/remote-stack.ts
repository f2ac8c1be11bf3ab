import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { S3Client } from '@aws-sdk/client-s3';
import { s3ChecksumSettings } from '#shared/storage/s3-object-store.ts';
import { readStackOutputs, type RemoteStackOutputs } from './stack-outputs.ts';

/**
 * The stack name infra deploys (infra/create-app.ts `stackName`). Repeated here so that the command line does not
 * load the CDK to learn one string; an integration test pins the two as equal.
 */
export const defaultStackName = 'LeadSessionMaintenance';

/** The AWS clients the remote commands use; tests inject mocked ones (and a client for a local S3 server). */
export interface RemoteClients {
  readonly cloudFormation: CloudFormationClient;
  readonly eventBridge: EventBridgeClient;
  readonly lambda: LambdaClient;
  readonly sfn: SFNClient;
  readonly s3: S3Client;
}

/** The deployed stack found through its outputs, with the clients to talk to it. */
export interface RemoteStack {
  readonly stackName: string;
  /** For messages: the clients' region. */
  readonly region: string;
  readonly outputs: RemoteStackOutputs;
  readonly clients: RemoteClients;
}

/** Real clients; credentials and (without `region`) the region come from the environment or profile. */
export function createRemoteClients(region: string | null): RemoteClients {
  const config = region === null ? {} : { region };
  return {
    cloudFormation: new CloudFormationClient(config),
    eventBridge: new EventBridgeClient(config),
    lambda: new LambdaClient(config),
    sfn: new SFNClient(config),
    s3: new S3Client({ ...config, ...s3ChecksumSettings }),
  };
}

/** The stack to work on: `--stack`, else SESSION_STACK_NAME, else the name infra deploys. */
export function resolveStackName(
  flag: string | null,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return flag ?? (environment.SESSION_STACK_NAME || defaultStackName);
}

/**
 * Finds the stack with DescribeStacks and reads its outputs.
 * @throws Error naming the stack and region when it does not exist or lacks an output.
 */
export async function connectRemoteStack(stackName: string, clients: RemoteClients): Promise<RemoteStack> {
  const region = await clients.cloudFormation.config.region().catch(() => 'unknown region');
  let stacks;
  try {
    stacks = (await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks ?? [];
  } catch (error) {
    // CloudFormation answers an unknown stack with a ValidationError "Stack with id X does not exist".
    if (error instanceof Error && /does not exist/.test(error.message)) {
      throw new Error(`stack ${stackName} not found in ${region} (set --stack, SESSION_STACK_NAME or --region)`, {
        cause: error,
      });
    }
    if (error instanceof Error && error.name === 'CredentialsProviderError') {
      throw new Error(
        `no AWS credentials to reach stack ${stackName}: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and ` +
          `AWS_SECRET_ACCESS_KEY), as for the AWS CLI; ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
  const stack = stacks[0];
  if (stack === undefined) throw new Error(`stack ${stackName} not found in ${region}`);
  return { stackName, region, outputs: readStackOutputs(stackName, stack.Outputs ?? []), clients };
}

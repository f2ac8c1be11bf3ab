import { resolve } from 'node:path';
import {
  connectRemoteStack,
  createRemoteClients,
  resolveStackName,
  type RemoteClients,
  type RemoteStack,
} from '#local/remote/remote-stack.ts';
import { createLocalReportsStore } from '#shared/storage/local-reports-store.ts';
import { createS3ObjectStore } from '#shared/storage/s3-object-store.ts';
import { helpText, parseArguments, UsageError, type RemoteTarget } from './arguments.ts';
import { errorPrefix, exitCodes, processIo, type CommandIo } from './command-io.ts';
import { missingRegion } from './missing-region.ts';
import { remoteRunCommand, type RemoteRunOptions } from './remote-run-command.ts';
import { bucketLocator, fileLocator, reportShowCommand } from './report-show-command.ts';
import { restoreCommand } from './restore-command.ts';
import { runCommand } from './run-command.ts';
import { scheduleCommand } from './schedule-command.ts';
import { leadsListCommand } from './leads/leads-list-command.ts';
import { sessionExportCommand } from './session/session-export-command.ts';
import { openLeaseReader } from './status/lease-reader.ts';
import { localStatusCommand } from './status/local-status.ts';
import { remoteStatusCommand } from './status/remote-status.ts';

export interface CliDependencies {
  readonly io?: CommandIo;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** The AWS clients for --remote (tests: mocked clients and a local S3 client). */
  readonly remoteClients?: (region: string | null) => RemoteClients;
  readonly remoteRun?: RemoteRunOptions;
  readonly now?: Date;
}

/** `npm run cleanup:sessions -- ...`: parses the command line and runs the command; resolves to the exit code. */
export async function runCli(argv: readonly string[], dependencies: CliDependencies = {}): Promise<number> {
  const io = dependencies.io ?? processIo();
  const environment = dependencies.environment ?? process.env;
  let command;
  try {
    command = parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${errorPrefix}${error.message}\n`);
      return exitCodes.usage;
    }
    throw error;
  }
  const remoteStack = (target: RemoteTarget): Promise<RemoteStack> =>
    connectRemoteStack(
      resolveStackName(target.stackName, environment),
      (dependencies.remoteClients ?? createRemoteClients)(target.region),
    ).catch((error: unknown) => {
      throw missingRegion(error) ?? error;
    });
  const mongoUri = environment.MONGODB_URI || null;
  switch (command.command) {
    case 'help':
      io.stdout.write(helpText);
      return exitCodes.completed;
    case 'run':
      if (command.remote === null) return runCommand(command);
      return remoteRunCommand(await remoteStack(command.remote), command, io, dependencies.remoteRun);
    case 'restore':
      return restoreCommand(command);
    case 'report-show': {
      if (command.remote === null) {
        const store = createLocalReportsStore(resolve(command.reportsDir));
        return reportShowCommand(command, store, fileLocator(store), io);
      }
      const stack = await remoteStack(command.remote);
      const store = createS3ObjectStore({ bucket: stack.outputs.bucketName, client: stack.clients.s3 });
      return reportShowCommand(command, store, bucketLocator(store), io);
    }
    case 'status': {
      if (command.remote === null) {
        return localStatusCommand(command, io, { environment, ...(dependencies.now ? { now: dependencies.now } : {}) });
      }
      const stack = await remoteStack(command.remote);
      const leases = mongoUri === null ? null : await openLeaseReader(mongoUri, environment.MONGODB_DATABASE);
      try {
        return await remoteStatusCommand(
          stack,
          { json: command.json, leases, ...(dependencies.now ? { now: dependencies.now } : {}) },
          io,
        );
      } finally {
        await leases?.close();
      }
    }
    case 'schedule':
      return scheduleCommand(await remoteStack(command.remote), command, io);
    case 'session-export':
      return sessionExportCommand(command, io, { mongoUri });
    case 'leads-list':
      return leadsListCommand(command, io, { mongoUri, environment });
  }
}

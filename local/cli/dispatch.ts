import { resolve } from 'node:path';
import type { RemoteClients, RemoteStack } from '#local/remote/remote-stack.ts';
import { helpText, parseArguments, UsageError, type RemoteTarget } from './arguments.ts';
import { errorPrefix, exitCodes, processIo, type CommandIo } from './command-io.ts';
import type { RemoteRunOptions } from './remote-run-command.ts';

export interface CliDependencies {
  readonly io?: CommandIo;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** The AWS clients for --remote (tests: mocked clients and a local S3 client). */
  readonly remoteClients?: (region: string | null) => RemoteClients;
  readonly remoteRun?: RemoteRunOptions;
  readonly now?: Date;
}

/**
 * `npm run cleanup:sessions -- ...`: parses the command line and runs the command; resolves to the exit code.
 * Each command's modules are loaded when it runs: the AWS SDK clients, the CDK (the local run's state machine
 * definition) and the embedded server cost seconds of start-up that a command which does not use them should not
 * pay (an unreachable database must be reported within 5 s, start-up included).
 */
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
  const remoteStack = async (target: RemoteTarget): Promise<RemoteStack> => {
    const { connectRemoteStack, createRemoteClients, resolveStackName } = await import('#local/remote/remote-stack.ts');
    const { missingRegion } = await import('./missing-region.ts');
    return connectRemoteStack(
      resolveStackName(target.stackName, environment),
      (dependencies.remoteClients ?? createRemoteClients)(target.region),
    ).catch((error: unknown) => {
      throw missingRegion(error) ?? error;
    });
  };
  const mongoUri = environment.MONGODB_URI || null;
  switch (command.command) {
    case 'help':
      io.stdout.write(helpText);
      return exitCodes.completed;
    case 'run':
      if (command.remote === null) return (await import('./run-command.ts')).runCommand(command);
      return (await import('./remote-run-command.ts')).remoteRunCommand(
        await remoteStack(command.remote),
        command,
        io,
        dependencies.remoteRun,
      );
    case 'restore':
      return (await import('./restore-command.ts')).restoreCommand(command);
    case 'report-show': {
      const { bucketLocator, fileLocator, reportShowCommand } = await import('./report-show-command.ts');
      if (command.remote === null) {
        const { createLocalReportsStore } = await import('#shared/storage/local-reports-store.ts');
        const store = createLocalReportsStore(resolve(command.reportsDir));
        return reportShowCommand(command, store, fileLocator(store), io);
      }
      const stack = await remoteStack(command.remote);
      const { createS3ObjectStore } = await import('#shared/storage/s3-object-store.ts');
      const store = createS3ObjectStore({ bucket: stack.outputs.bucketName, client: stack.clients.s3 });
      return reportShowCommand(command, store, bucketLocator(store), io);
    }
    case 'status': {
      if (command.remote === null) {
        const { localStatusCommand } = await import('./status/local-status.ts');
        return localStatusCommand(command, io, { environment, ...(dependencies.now ? { now: dependencies.now } : {}) });
      }
      const stack = await remoteStack(command.remote);
      const { openLeaseReader } = await import('./status/lease-reader.ts');
      const { remoteStatusCommand } = await import('./status/remote-status.ts');
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
      return (await import('./schedule-command.ts')).scheduleCommand(await remoteStack(command.remote), command, io);
    case 'session-export':
      return (await import('./session/session-export-command.ts')).sessionExportCommand(command, io, { mongoUri });
    case 'leads-list':
      return (await import('./leads/leads-list-command.ts')).leadsListCommand(command, io, { mongoUri, environment });
  }
}

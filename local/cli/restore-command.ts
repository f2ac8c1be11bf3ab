import { openLocalEnvironment } from '#local/runner/local-environment.ts';
import { restoreRun } from '#shared/jobs/restore.ts';
import type { RestoreCommand } from './arguments.ts';
import { exitCodes } from './command-io.ts';
import { describeRestore } from './restore-text.ts';

/** `restore --run <runId> [--lead <id>]`: puts back what a run removed, from its archive. */
export async function restoreCommand(command: RestoreCommand): Promise<number> {
  const environment = await openLocalEnvironment({
    mongoUri: process.env.MONGODB_URI ?? null,
    dataDir: command.dataDir ?? '.embedded-mongo',
    reportsDir: command.reportsDir,
  });
  try {
    const result = await restoreRun(
      { leads: environment.dependencies.leads, store: environment.store },
      command.runId,
      command.leadId === null ? {} : { leadId: command.leadId },
    );
    if (command.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(describeRestore(command.runId, result));
    }
    return exitCodes.completed;
  } finally {
    await environment.close();
  }
}

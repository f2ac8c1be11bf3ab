import { loadDeployedDefinition } from '#local/runner/definition.ts';
import { openLocalEnvironment, stderrLogger } from '#local/runner/local-environment.ts';
import { runJobLocally } from '#local/runner/run-job.ts';
import { silentLogger } from '#shared/jobs/ports.ts';
import type { RunCommand } from './arguments.ts';
import { payloadOf } from './payload.ts';
import { exitCodes } from './command-io.ts';
import { describeRun } from './summary-text.ts';

export { exitCodes } from './command-io.ts';

/** Runs a job locally through the deployed state machine definition and prints its summary. */
export async function runCommand(command: RunCommand, output: NodeJS.WritableStream = process.stdout): Promise<number> {
  const environment = await openLocalEnvironment({
    mongoUri: process.env.MONGODB_URI ?? null,
    dataDir: command.dataDir ?? '.embedded-mongo',
    reportsDir: command.reportsDir,
    logger: command.verbose ? stderrLogger() : silentLogger,
  });
  try {
    const showProgress = process.stderr.isTTY && !command.json;
    let total = 0;
    let done = 0;
    const run = await runJobLocally({
      job: command.job,
      payload: payloadOf(command),
      definition: loadDeployedDefinition(),
      dependencies: environment.dependencies,
      progress: {
        onPlanned: (count) => {
          total = count;
        },
        onBatchFinished: () => {
          done += 1;
          if (showProgress) process.stderr.write(`\r  batches ${done}/${total}`);
        },
      },
    });
    if (showProgress && total > 0) process.stderr.write('\n');
    const summary = run.execution?.output ?? null;
    const reportPath = summary ? await environment.store.locate(summary.reportKey) : null;
    if (command.json) output.write(`${JSON.stringify(run.execution?.output ?? run.start, null, 2)}\n`);
    else output.write(describeRun(run, reportPath));
    if (!run.start.started) return exitCodes.completed;
    if (summary === null || summary.status === 'FAILED') return exitCodes.failed;
    return summary.status === 'COMPLETED_WITH_ERRORS' ? exitCodes.completedWithErrors : exitCodes.completed;
  } finally {
    await environment.close();
  }
}

import { openLocalEnvironment, stderrLogger } from '#local/runner/local-environment.ts';
import { silentLogger } from '#shared/jobs/ports.ts';
import type { RunCommand } from './arguments.ts';
import { payloadOf } from './payload.ts';
import { errorPrefix, exitCodes } from './command-io.ts';
import { describeRun, failureLine } from './summary-text.ts';

export { exitCodes } from './command-io.ts';

/** Runs a job locally through the deployed state machine definition and prints its summary. */
export async function runCommand(
  command: RunCommand,
  output: NodeJS.WritableStream = process.stdout,
  errors: { write(text: string): unknown } = process.stderr,
): Promise<number> {
  const environment = await openLocalEnvironment({
    mongoUri: process.env.MONGODB_URI ?? null,
    dataDir: command.dataDir ?? '.embedded-mongo',
    reportsDir: command.reportsDir,
    logger: command.verbose ? stderrLogger() : silentLogger,
    // A database that cannot be reached fails the run's Plan, so the run still leaves its report and summary.
    connect: 'on first use',
  });
  try {
    const showProgress = process.stderr.isTTY && !command.json;
    let total = 0;
    let done = 0;
    // Connect before the state machine's modules load: loading them keeps the event loop busy for a second or more
    // (several on a loaded machine), and a server's answer that arrives meanwhile is read only after the driver's
    // timer has fired, which reported a healthy database as unreachable. Plan shares the outcome, a failure included
    // (it fails the run, which still leaves its report).
    await environment.connected().catch(() => undefined);
    const [{ loadDeployedDefinition }, { runJobLocally }] = await Promise.all([
      import('#local/runner/definition.ts'),
      import('#local/runner/run-job.ts'),
    ]);
    const run = await runJobLocally({
      job: command.job,
      payload: payloadOf(command),
      definition: loadDeployedDefinition(),
      dependencies: environment.dependencies,
      connected: environment.connected,
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
    const summary = run.execution?.output ?? run.execution?.failedRun ?? null;
    const reportPath = summary ? await environment.store.locate(summary.reportKey) : null;
    if (command.json) output.write(`${JSON.stringify(summary ?? run.start, null, 2)}\n`);
    else output.write(describeRun(run, reportPath));
    if (!run.start.started) return exitCodes.completed;
    if (summary === null || summary.status === 'FAILED') {
      errors.write(`${errorPrefix}${failureLine(run, summary)}\n`);
      return exitCodes.failed;
    }
    return summary.status === 'COMPLETED_WITH_ERRORS' ? exitCodes.completedWithErrors : exitCodes.completed;
  } finally {
    await environment.close();
  }
}

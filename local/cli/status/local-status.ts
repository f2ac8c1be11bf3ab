import { openLocalEnvironment } from '#local/runner/local-environment.ts';
import { jobNames } from '#shared/jobs/run-context.ts';
import type { StatusCommand } from '../arguments.ts';
import { exitCodes, processIo, type CommandIo } from '../command-io.ts';
import { localScheduleViews } from './local-schedules.ts';
import { runLine, type RunView } from './run-lines.ts';
import { scheduleLines } from './schedule-view.ts';

/** `status` (local): the schedules the stack would run, the last runs of each job and any lease held. */
export async function localStatusCommand(
  command: StatusCommand,
  io: CommandIo = processIo(),
  options: { readonly environment?: Readonly<Record<string, string | undefined>>; readonly now?: Date } = {},
): Promise<number> {
  const variables = options.environment ?? process.env;
  const schedules = localScheduleViews(options.now ?? new Date(), variables);
  const environment = await openLocalEnvironment({
    mongoUri: variables.MONGODB_URI || null,
    dataDir: command.dataDir ?? '.embedded-mongo',
    reportsDir: command.reportsDir,
    environment: variables,
  });
  try {
    const records = environment.dependencies.runRecords;
    const jobs = [];
    for (const job of jobNames) {
      const runs = await records.recentRuns(job, 3);
      const lease = await records.currentLease(job);
      const lastRuns: RunView[] = runs.map((run) => ({
        runId: run._id,
        status: run.status,
        dryRun: run.dryRun,
        startedAt: run.startedAt.toISOString(),
        durationMs: run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
        headline: (run.summary as { headline?: unknown } | null)?.headline ?? null,
      }));
      jobs.push({
        job,
        lease: lease ? { runId: lease.runId, expiresAt: lease.expiresAt.toISOString() } : null,
        lastRuns,
      });
    }
    if (command.json) {
      io.stdout.write(`${JSON.stringify({ database: environment.databaseDescription, schedules, jobs }, null, 2)}\n`);
      return exitCodes.completed;
    }
    const lines = [
      `database: ${environment.databaseDescription}`,
      'schedules (the stack settings, UTC; nothing fires them locally, the state is SESSION_CLEANUP_ENABLED):',
      ...scheduleLines(schedules),
    ];
    for (const entry of jobs) {
      lines.push(
        `${entry.job}: ${entry.lease ? `lease held by ${entry.lease.runId} until ${entry.lease.expiresAt}` : 'no lease held'}`,
      );
      if (entry.lastRuns.length === 0) lines.push('  no runs yet');
      lines.push(...entry.lastRuns.map(runLine));
    }
    io.stdout.write(`${lines.join('\n')}\n`);
    return exitCodes.completed;
  } finally {
    await environment.close();
  }
}

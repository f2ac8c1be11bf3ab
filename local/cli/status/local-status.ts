import { openLocalEnvironment } from '#local/runner/local-environment.ts';
import { jobNames } from '#shared/jobs/run-context.ts';
import type { RunRecord, RunRecords } from '#shared/mongo/run-records.ts';
import type { StatusCommand } from '../arguments.ts';
import { exitCodes, processIo, type CommandIo } from '../command-io.ts';
import { localScheduleViews } from './local-schedules.ts';
import { runLine, type RunView } from './run-lines.ts';
import { scheduleLines } from './schedule-view.ts';

function runView(run: RunRecord): RunView {
  return {
    runId: run._id,
    job: run.job,
    status: run.status,
    dryRun: run.dryRun,
    startedAt: run.startedAt.toISOString(),
    durationMs: run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    headline: (run.summary as { headline?: unknown } | null)?.headline ?? null,
  };
}

/** A job's lease and its last runs, real runs apart from dry runs (a dry run changes nothing: it must not hide one). */
async function jobStatus(records: RunRecords, job: (typeof jobNames)[number], limit: number) {
  const lease = await records.currentLease(job);
  return {
    job,
    lease: lease ? { runId: lease.runId, expiresAt: lease.expiresAt.toISOString() } : null,
    lastRuns: (await records.recentRuns(job, limit, false)).map(runView),
    lastDryRuns: (await records.recentRuns(job, limit, true)).map(runView),
  };
}

function runSection(title: string, runs: readonly RunView[]): string[] {
  return runs.length === 0 ? [`  ${title}: none`] : [`  ${title}:`, ...runs.map((run) => `  ${runLine(run)}`)];
}

/** `status` (local): the database read, the schedules the stack would run, each job's last runs and any lease held. */
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
    const jobs = [];
    for (const job of jobNames) jobs.push(await jobStatus(environment.dependencies.runRecords, job, command.limit));
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
        ...runSection(`last ${command.limit} runs`, entry.lastRuns),
        ...runSection(`last ${command.limit} dry runs`, entry.lastDryRuns),
      );
    }
    io.stdout.write(`${lines.join('\n')}\n`);
    return exitCodes.completed;
  } finally {
    await environment.close();
  }
}

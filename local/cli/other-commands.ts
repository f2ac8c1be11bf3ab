import { resolve } from 'node:path';
import { openLocalEnvironment } from '#local/runner/local-environment.ts';
import { jobNames } from '#shared/jobs/run-context.ts';
import { restoreRun } from '#shared/jobs/restore.ts';
import type { RunReport } from '#shared/jobs/run-report.ts';
import { getJson } from '#shared/storage/json-objects.ts';
import { latestReportKey } from '#shared/storage/keys.ts';
import { createLocalObjectStore } from '#shared/storage/local-object-store.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import type { ReportShowCommand, RestoreCommand, StatusCommand } from './arguments.ts';
import { exitCodes } from './run-command.ts';

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
      process.stdout.write(
        `restored from run ${command.runId}: ${result.historyEntriesRestored} history entries, ` +
          `${result.browserSessionsRestored} current sessions, ${result.currentSessionIdsRestored} current session ids; ` +
          `${result.alreadyPresent} already present (not duplicated)\n`,
      );
    }
    return exitCodes.completed;
  } finally {
    await environment.close();
  }
}

/** Finds the monthly report about `month` (yyyy-mm): the run on the 1st of the next month covers it. */
async function monthlyReportFor(store: ObjectStore, month: string): Promise<RunReport | null> {
  const keys = (await store.list('reports/monthly/'))
    .filter((key) => key.endsWith('.json'))
    .sort()
    .reverse();
  for (const key of keys) {
    const report = await getJson<RunReport>(store, key);
    const periodStart = report?.analytics?.period.start;
    if (report && !report.dryRun && typeof periodStart === 'string' && periodStart.startsWith(month)) return report;
  }
  return null;
}

/** `report show [--job monthly] [--month 2026-10]`: the latest report of a job, or the monthly one about a month. */
export async function reportShowCommand(command: ReportShowCommand): Promise<number> {
  const store = createLocalObjectStore(resolve(command.reportsDir));
  const report =
    command.month === null
      ? await getJson<RunReport>(store, latestReportKey(command.job))
      : await monthlyReportFor(store, command.month);
  if (report === null) {
    process.stderr.write(
      `no ${command.job} report${command.month ? ` for ${command.month}` : ''} in ${store.description}\n`,
    );
    return exitCodes.failed;
  }
  if (command.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return exitCodes.completed;
  }
  const lines = [
    `${report.job} report ${report.runId}: ${report.status}, ${report.finishedAt}, ${(report.durationMs / 1000).toFixed(1)} s`,
    `  report: ${await store.locate(report.locations.report)}`,
  ];
  if (report.locations.html) lines.push(`  HTML: ${await store.locate(report.locations.html)}`);
  if (report.analytics) {
    const a = report.analytics;
    lines.push(`  period: ${a.period.start} .. ${a.period.end}`);
    lines.push(
      `  sessions: ${a.summary.totalSessions} in ${a.summary.leadsWithSessions} leads; health score ${a.health.sessionHealthScore ?? 'n/a'}`,
    );
    for (const recommendation of a.recommendations) {
      lines.push(`  [${recommendation.priority}] ${recommendation.title}: ${recommendation.action}`);
    }
  } else {
    lines.push(`  counts: ${JSON.stringify(report.counts)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return exitCodes.completed;
}

/** `status` (local): the last runs of each job and any lease currently held. */
export async function statusCommand(command: StatusCommand): Promise<number> {
  const environment = await openLocalEnvironment({
    mongoUri: process.env.MONGODB_URI ?? null,
    dataDir: command.dataDir ?? '.embedded-mongo',
    reportsDir: command.reportsDir,
  });
  try {
    const records = environment.dependencies.runRecords;
    const jobs = [];
    for (const job of jobNames) {
      const runs = await records.recentRuns(job, 3);
      const lease = await records.currentLease(job);
      jobs.push({
        job,
        lease: lease ? { runId: lease.runId, expiresAt: lease.expiresAt.toISOString() } : null,
        lastRuns: runs.map((run) => ({
          runId: run._id,
          status: run.status,
          dryRun: run.dryRun,
          startedAt: run.startedAt.toISOString(),
          durationMs: run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
          headline: (run.summary as { headline?: unknown } | null)?.headline ?? null,
        })),
      });
    }
    if (command.json)
      process.stdout.write(`${JSON.stringify({ database: environment.databaseDescription, jobs }, null, 2)}\n`);
    else {
      const lines = [`database: ${environment.databaseDescription}`];
      for (const entry of jobs) {
        lines.push(
          `${entry.job}: ${entry.lease ? `lease held by ${entry.lease.runId} until ${entry.lease.expiresAt}` : 'no lease held'}`,
        );
        if (entry.lastRuns.length === 0) lines.push('  no runs yet');
        for (const run of entry.lastRuns) {
          const duration = run.durationMs === null ? 'running' : `${(run.durationMs / 1000).toFixed(1)} s`;
          lines.push(
            `  ${run.startedAt}  ${run.status.padEnd(21)} ${duration.padStart(8)}  ${run.runId}${run.dryRun ? ' (dry run)' : ''}  ${JSON.stringify(run.headline)}`,
          );
        }
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return exitCodes.completed;
  } finally {
    await environment.close();
  }
}

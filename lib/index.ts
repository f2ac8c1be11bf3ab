/**
 * The library API, for Node code in the lead-management backend or a script: the original system's
 * `performDailyCleanup()` and friends, on the new architecture (the same state machine definition and handlers,
 * executed in process), and `inflateSession` for reading what the weekly job compressed.
 *
 * ```ts
 * import { performDailyCleanup, inflateSession } from 'lead-session-maintenance/lib/index.ts';
 * const summary = await performDailyCleanup({ mongoUri: process.env.MONGODB_URI, dryRun: true });
 * const session = inflateSession(lead.sessionHistory[3]); // cookies, localStorage, sessionStorage restored
 * ```
 */
import { loadDeployedDefinition } from '#local/runner/definition.ts';
import { openLocalEnvironment } from '#local/runner/local-environment.ts';
import { runJobLocally } from '#local/runner/run-job.ts';
import type { RunSummary } from '#shared/jobs/run-report.ts';
import type { JobName } from '#shared/jobs/run-context.ts';

export { inflatePayload, inflateSession, isCompressed } from '#shared/core/codec/index.ts';
export { toStorageState } from '#shared/core/storage-state.ts';
export type { RunSummary } from '#shared/jobs/run-report.ts';

export interface JobOptions {
  /** The database; without it, the embedded server persisted in `dataDir` (default .embedded-mongo). */
  readonly mongoUri?: string;
  readonly database?: string;
  readonly dataDir?: string;
  /** Where reports, plans and the archive go (default ./reports). */
  readonly reportsDir?: string;
  readonly dryRun?: boolean;
  /** Expiry days (daily, monthly) or compression age (weekly). */
  readonly days?: number;
  readonly maxSessionsPerLead?: number;
  readonly leadIds?: readonly string[];
}

export class JobRunError extends Error {
  override readonly name = 'JobRunError';
}

async function performJob(job: JobName, options: JobOptions): Promise<RunSummary> {
  const environment = await openLocalEnvironment({
    mongoUri: options.mongoUri ?? null,
    dataDir: options.dataDir ?? '.embedded-mongo',
    reportsDir: options.reportsDir ?? 'reports',
    ...(options.database ? { database: options.database } : {}),
  });
  try {
    const payload: Record<string, unknown> = {};
    if (options.dryRun) payload.dryRun = true;
    if (options.days !== undefined) payload[job === 'weekly' ? 'compressionAfterDays' : 'days'] = options.days;
    if (options.maxSessionsPerLead !== undefined) payload.maxSessionsPerLead = options.maxSessionsPerLead;
    if (options.leadIds !== undefined) payload.leadIds = [...options.leadIds];
    const run = await runJobLocally({
      job,
      payload,
      definition: loadDeployedDefinition(),
      dependencies: environment.dependencies,
    });
    const summary = run.execution?.output;
    if (!summary)
      throw new JobRunError(
        `${job} run ${run.start.runId ?? ''} failed: ${run.execution?.error ?? (run.start.started ? 'no result' : run.start.message)}`,
      );
    return summary;
  } finally {
    await environment.close();
  }
}

/** Daily cleanup: expired, orphaned, invalid and over-limit sessions, archived before removal. */
export const performDailyCleanup = (options: JobOptions = {}): Promise<RunSummary> => performJob('daily', options);
/** Weekly maintenance: reversible compression of old sessions and removal of provably redundant data. */
export const performWeeklyMaintenance = (options: JobOptions = {}): Promise<RunSummary> =>
  performJob('weekly', options);
/** Monthly analytics report (JSON and HTML in the reports folder). */
export const generateMonthlyReport = (options: JobOptions = {}): Promise<RunSummary> => performJob('monthly', options);

import type { RemoteExecution } from '#local/remote/executions.ts';
import { recentExecutionsByJob } from '#local/remote/executions.ts';
import type { RemoteStack } from '#local/remote/remote-stack.ts';
import { describeScheduleRule } from '#local/remote/schedule-rules.ts';
import { jobNames, type JobName } from '#shared/jobs/run-context.ts';
import { exitCodes, type CommandIo } from '../command-io.ts';
import type { LeaseReader, LeaseView } from './lease-reader.ts';
import { runLine, type RunView } from './run-lines.ts';
import { scheduleLines, scheduleView, type ScheduleView } from './schedule-view.ts';

export interface RemoteStatusOptions {
  readonly json: boolean;
  /** Leases live in MongoDB; without a reader (no MONGODB_URI) they are reported as not checked. */
  readonly leases: LeaseReader | null;
  readonly now?: Date;
}

/** A run as its execution tells it: the run summary (status, duration, headline) once Finalize returned it. */
export function executionRunView(execution: RemoteExecution): RunView {
  const summary = execution.summary;
  const elapsed =
    execution.startDate && execution.stopDate ? execution.stopDate.getTime() - execution.startDate.getTime() : null;
  return {
    runId: execution.runId,
    job: execution.run?.job ?? null,
    // The summary's status distinguishes COMPLETED_WITH_ERRORS; a failed execution has none, so its own status shows.
    status: summary?.status ?? (execution.status === 'SUCCEEDED' ? 'SUCCEEDED' : execution.status),
    dryRun: summary?.dryRun ?? execution.run?.dryRun ?? false,
    startedAt: execution.startDate?.toISOString() ?? '?',
    durationMs: summary?.durationMs ?? elapsed,
    headline: summary?.headline ?? (execution.error ? { error: execution.error } : null),
  };
}

/** `status --remote`: the stack's rules with their next runs, the last executions of each job, and leases. */
export async function remoteStatusCommand(
  stack: RemoteStack,
  options: RemoteStatusOptions,
  io: CommandIo,
): Promise<number> {
  const now = options.now ?? new Date();
  const schedules: ScheduleView[] = [];
  for (const job of jobNames) {
    const rule = await describeScheduleRule(stack, job);
    schedules.push(scheduleView(job, rule.state, rule.scheduleExpression, now));
  }
  const executions = await recentExecutionsByJob(stack, jobNames, 3);
  const jobs: { job: JobName; lease: LeaseView | null | 'not checked'; lastRuns: RunView[] }[] = [];
  for (const job of jobNames) {
    const lease = options.leases === null ? 'not checked' : await options.leases.currentLease(job);
    jobs.push({ job, lease, lastRuns: executions[job].map(executionRunView) });
  }
  if (options.json) {
    const document = { stack: stack.stackName, region: stack.region, schedules, jobs };
    io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return exitCodes.completed;
  }
  const lines = [
    `stack: ${stack.stackName} (${stack.region})`,
    'schedules (EventBridge rules, UTC):',
    ...scheduleLines(schedules),
  ];
  for (const entry of jobs) {
    lines.push(`${entry.job}: ${leaseText(entry.lease)}`);
    if (entry.lastRuns.length === 0) lines.push('  no executions in the latest 100');
    lines.push(...entry.lastRuns.map(runLine));
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return exitCodes.completed;
}

function leaseText(lease: LeaseView | null | 'not checked'): string {
  if (lease === 'not checked') return 'lease: not checked (set MONGODB_URI)';
  return lease === null ? 'no lease held' : `lease held by ${lease.runId} until ${lease.expiresAt}`;
}

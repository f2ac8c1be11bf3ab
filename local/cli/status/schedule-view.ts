import { InvalidScheduleExpressionError, nextRuns, parseScheduleExpression } from '#shared/core/schedule/index.ts';
import type { JobName } from '#shared/jobs/run-context.ts';

/** A job's schedule as status shows it. */
export interface ScheduleView {
  readonly job: JobName;
  /** ENABLED / DISABLED (remote: EventBridge's rule state; local: SESSION_CLEANUP_ENABLED). */
  readonly state: string;
  readonly expression: string | null;
  /** ISO times, UTC; empty when the expression never fires again or cannot be evaluated. */
  readonly nextRuns: readonly string[];
  /** Why there are no next runs (an expression this evaluator refuses), else null. */
  readonly problem: string | null;
}

export const nextRunCount = 3;

export function scheduleView(job: JobName, state: string, expression: string | null, now: Date): ScheduleView {
  if (expression === null) return { job, state, expression, nextRuns: [], problem: 'the rule has no schedule' };
  // A disabled schedule fires nothing: showing when it would fire reads as a promise.
  if (state === 'DISABLED') return { job, state, expression, nextRuns: [], problem: null };
  try {
    const runs = nextRuns(parseScheduleExpression(expression), now, nextRunCount);
    const rate = expression.trim().startsWith('rate(');
    return {
      job,
      state,
      expression,
      nextRuns: runs.map((run) => run.toISOString()),
      // A rate counts from when the rule was enabled, which DescribeRule does not say.
      problem: rate ? 'rate schedules count from when the rule was enabled: times are approximate' : null,
    };
  } catch (error) {
    if (error instanceof InvalidScheduleExpressionError)
      return { job, state, expression, nextRuns: [], problem: error.message };
    throw error;
  }
}

const shortTime = (iso: string): string => iso.replace(/:00\.000Z$/, 'Z');

/** `  daily    ENABLED   cron(0 2 * * ? *)     next 2026-11-30T02:00Z, ...` */
export function scheduleLines(views: readonly ScheduleView[]): string[] {
  return views.map((view) => {
    const next =
      view.state === 'DISABLED'
        ? 'no next run (disabled)'
        : view.nextRuns.length > 0
          ? `next ${view.nextRuns.map(shortTime).join(', ')}`
          : 'no next run';
    const problem = view.problem === null ? '' : ` (${view.problem})`;
    return `  ${view.job.padEnd(8)} ${view.state.padEnd(9)} ${(view.expression ?? '-').padEnd(22)} ${next}${problem}`;
  });
}

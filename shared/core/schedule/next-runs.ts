import type { CronSchedule, Schedule } from './schedule-expression.ts';

const minuteMs = 60_000;

export interface NextRunsOptions {
  /**
   * When a rate schedule started counting (EventBridge: when the rule was created or last enabled). Unknown to a
   * reader of the rule, so by default the period is counted from `after` and the times are approximate.
   */
  readonly rateAnchor?: Date;
}

/**
 * The next `count` times (UTC) the schedule fires strictly after `after`. A cron schedule that never fires again
 * (its years are over, or a day that does not exist, like 30 February) yields fewer times, possibly none.
 */
export function nextRuns(schedule: Schedule, after: Date, count: number, options: NextRunsOptions = {}): Date[] {
  if (schedule.kind === 'rate') {
    const anchor = (options.rateAnchor ?? after).getTime();
    const elapsed = Math.max(0, after.getTime() - anchor);
    const first = anchor + (Math.floor(elapsed / schedule.periodMs) + 1) * schedule.periodMs;
    return Array.from({ length: count }, (_, index) => new Date(first + index * schedule.periodMs));
  }
  const runs: Date[] = [];
  let cursor = after;
  while (runs.length < count) {
    const next = nextCronRun(schedule, cursor);
    if (next === null) break;
    runs.push(next);
    cursor = next;
  }
  return runs;
}

function dayMatches(schedule: CronSchedule, date: Date): boolean {
  if (schedule.dayOfMonth !== null) return schedule.dayOfMonth.includes(date.getUTCDate());
  // EventBridge's day-of-week is 1 (SUN) to 7 (SAT); getUTCDay is 0 (Sunday) to 6.
  return (schedule.dayOfWeek ?? []).includes(date.getUTCDay() + 1);
}

/**
 * The first minute strictly after `after` that every field allows. Each step skips a whole unit that cannot match
 * (a year, a month, a day, an hour); Date.UTC rolls day 32 over into
 * the next month, which is how months shorter than a day-of-month value are skipped, so the search is bounded by the year field's range (at most 2199).
 */
function nextCronRun(schedule: CronSchedule, after: Date): Date | null {
  let t = new Date(Math.floor(after.getTime() / minuteMs) * minuteMs + minuteMs);
  const lastYear = schedule.year[schedule.year.length - 1] ?? 0;
  while (t.getUTCFullYear() <= lastYear) {
    const year = t.getUTCFullYear();
    const month = t.getUTCMonth();
    if (!schedule.year.includes(year)) {
      const nextYear = schedule.year.find((candidate) => candidate > year);
      if (nextYear === undefined) return null;
      t = new Date(Date.UTC(nextYear, 0, 1));
    } else if (!schedule.month.includes(month + 1)) {
      t = new Date(Date.UTC(year, month + 1, 1));
    } else if (!dayMatches(schedule, t)) {
      t = new Date(Date.UTC(year, month, t.getUTCDate() + 1));
    } else if (!schedule.hours.includes(t.getUTCHours())) {
      t = new Date(Date.UTC(year, month, t.getUTCDate(), t.getUTCHours() + 1));
    } else if (!schedule.minutes.includes(t.getUTCMinutes())) {
      t = new Date(t.getTime() + minuteMs);
    } else {
      return t;
    }
  }
  return null;
}

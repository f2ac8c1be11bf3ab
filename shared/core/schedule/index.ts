/** EventBridge schedule expressions: parse `cron(...)` and `rate(...)`, and compute when they fire next (UTC). */
export { InvalidScheduleExpressionError } from './errors.ts';
export { cronFieldSpecs } from './cron-field.ts';
export { parseScheduleExpression, type CronSchedule, type RateSchedule, type Schedule } from './schedule-expression.ts';
export { nextRuns, type NextRunsOptions } from './next-runs.ts';

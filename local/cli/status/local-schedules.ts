import { cdkJsonContext } from '#infra/cdk-json-context.ts';
import { readSettings } from '#infra/settings/read-settings.ts';
import { loadPolicy } from '#shared/core/config.ts';
import { jobNames } from '#shared/jobs/run-context.ts';
import { scheduleView, type ScheduleView } from './schedule-view.ts';

/**
 * The schedules as the stack would deploy them, read from the same settings infra reads (cdk.json's context,
 * validated by readSettings) without synthesizing. Locally nothing fires them: "enabled" says whether a scheduled
 * run would do anything, which SESSION_CLEANUP_ENABLED decides.
 */
export function localScheduleViews(
  now: Date,
  environment: Readonly<Record<string, string | undefined>> = process.env,
  context: Record<string, unknown> = cdkJsonContext(),
): ScheduleView[] {
  const settings = readSettings(context);
  const state = loadPolicy(environment).sessionCleanupEnabled ? 'ENABLED' : 'DISABLED';
  return jobNames.map((job) => scheduleView(job, state, settings.schedules[job], now));
}

import * as z from 'zod/mini';
import { dayRange, sessionLimitRange, type MaintenancePolicy } from '#shared/core/config.ts';
import { batchSizeRange } from '#shared/core/settings.ts';
import { deriveRunId, type JobName, type RunContext } from './run-context.ts';

/** Upper bound of `leadIds` in one manual run: its ids travel through Step Functions (256 KiB state limit). */
export const maxLeadIdsPerRun = 1000;
export { batchSizeRange, defaultBatchSize } from '#shared/core/settings.ts';

const wholeNumber = (name: string, range: { min: number; max: number }) =>
  z.number().check(
    z.refine((value) => Number.isInteger(value) && value >= range.min && value <= range.max, {
      message: `${name} must be a whole number from ${range.min} to ${range.max}`,
    }),
  );

/** A manual run's payload (`aws lambda invoke --payload '{"dryRun":true}'`). Strict: an unknown field is an error. */
export const manualPayloadSchema = z.strictObject({
  dryRun: z.optional(z.boolean()),
  days: z.optional(wholeNumber('days', dayRange)),
  compressionAfterDays: z.optional(wholeNumber('compressionAfterDays', dayRange)),
  maxSessionsPerLead: z.optional(wholeNumber('maxSessionsPerLead', sessionLimitRange)),
  batchSize: z.optional(wholeNumber('batchSize', batchSizeRange)),
  leadIds: z.optional(
    z
      .array(
        z.string().check(z.regex(/^[0-9a-f]{24}$/, { message: 'each lead id must be 24 lowercase hex characters' })),
      )
      .check(
        z.minLength(1),
        z.maxLength(maxLeadIdsPerRun, { message: `at most ${maxLeadIdsPerRun} lead ids per run` }),
      ),
  ),
});
export type ManualPayload = z.infer<typeof manualPayloadSchema>;

/** The EventBridge scheduled event fields we rely on. */
const scheduledEventSchema = z.object({
  source: z.literal('aws.events'),
  'detail-type': z.literal('Scheduled Event'),
  time: z
    .string()
    .check(
      z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
      z.refine(isCalendarTime, { message: 'time must be a real UTC date and time' }),
    ),
});

/** `2026-13-45T99:00:00Z` matches the pattern but is no date (toISOString would throw), and `02-30` rolls over. */
function isCalendarTime(time: string): boolean {
  const parsed = new Date(time);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === time.slice(0, 19);
}

export class InvalidJobRequestError extends Error {
  override readonly name = 'InvalidJobRequestError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid run request: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

/** A field name as the message shows it: a 10,000-character key is named by its start, not echoed whole. */
const shownName = (name: string): string => (name.length > 64 ? `${name.slice(0, 64)}…` : name);

function unknownFields(keys: readonly string[]): string {
  const shown = keys.slice(0, 10).map(shownName).join(', ');
  return `unknown field(s): ${shown}${keys.length > 10 ? ` and ${keys.length - 10} more` : ''}`;
}

function describeIssues(error: z.core.$ZodError): string[] {
  return error.issues.slice(0, 20).map((issue) => {
    const path = issue.path.map((part) => shownName(String(part))).join('.');
    if (issue.code === 'unrecognized_keys') return unknownFields(issue.keys);
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
}

export type JobRequest =
  { readonly kind: 'scheduled'; readonly time: string } | { readonly kind: 'manual'; readonly payload: ManualPayload };

/**
 * Tells a scheduled event from a manual payload and validates it. A value that is neither, or a manual payload
 * with an unknown field, a wrong type or an out-of-range value, throws an error naming each problem.
 */
export function parseJobRequest(event: unknown): JobRequest {
  const scheduled = z.safeParse(scheduledEventSchema, event);
  if (scheduled.success) return { kind: 'scheduled', time: new Date(scheduled.data.time).toISOString() };
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw new InvalidJobRequestError(['the payload must be a JSON object such as {"dryRun": true}']);
  }
  // zod does not see an own `__proto__` key (JSON.parse makes one): it is named here, and the other fields are
  // still checked so that every problem is reported at once.
  const problems: string[] = [];
  let fields = event;
  if (Object.prototype.hasOwnProperty.call(event, '__proto__')) {
    problems.push(unknownFields(['__proto__']));
    fields = Object.fromEntries(Object.entries(event).filter(([key]) => key !== '__proto__'));
  }
  const manual = z.safeParse(manualPayloadSchema, fields);
  if (!manual.success) problems.push(...describeIssues(manual.error));
  if (problems.length > 0 || !manual.success) throw new InvalidJobRequestError(problems);
  return { kind: 'manual', payload: manual.data };
}

/** Builds the run's context from a validated request, the configured policy and the invocation. */
export function buildRunContext(
  job: JobName,
  request: JobRequest,
  policy: MaintenancePolicy,
  invocation: { readonly requestId: string; readonly now: Date; readonly batchSize: number },
): RunContext {
  const manual = request.kind === 'manual' ? request.payload : {};
  const trigger = request.kind === 'scheduled' ? 'schedule' : 'manual';
  const scheduledTime = request.kind === 'scheduled' ? request.time : invocation.now.toISOString();
  const dryRun = manual.dryRun ?? false;
  return {
    runId: deriveRunId(job, trigger, scheduledTime, invocation.requestId, dryRun),
    job,
    trigger,
    scheduledTime,
    dryRun,
    parameters: {
      sessionExpiryDays: manual.days ?? policy.sessionExpiryDays,
      compressionAfterDays: manual.compressionAfterDays ?? policy.compressionAfterDays,
      maxSessionsPerLead: manual.maxSessionsPerLead ?? policy.maxSessionsPerLead,
      batchSize: manual.batchSize ?? invocation.batchSize,
      leadIds: manual.leadIds ? [...manual.leadIds] : null,
    },
  };
}

import * as z from 'zod/mini';
import { dayRange, sessionLimitRange, type MaintenancePolicy } from '#shared/core/config.ts';
import { deriveRunId, type JobName, type RunContext } from './run-context.ts';

/** Upper bound of `leadIds` in one manual run: its ids travel through Step Functions (256 KiB state limit). */
export const maxLeadIdsPerRun = 1000;
export const batchSizeRange = { min: 10, max: 10_000 } as const;
export const defaultBatchSize = 1000;

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
  time: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/)),
});

export class InvalidJobRequestError extends Error {
  override readonly name = 'InvalidJobRequestError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid run request: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

function describeIssues(error: z.core.$ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
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
  if (Object.prototype.hasOwnProperty.call(event, '__proto__'))
    throw new InvalidJobRequestError(['unknown field(s): __proto__']);
  const manual = z.safeParse(manualPayloadSchema, event);
  if (!manual.success) throw new InvalidJobRequestError(describeIssues(manual.error));
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

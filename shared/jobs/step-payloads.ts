import * as z from 'zod/mini';
import type { BatchDescriptor } from '#shared/mongo/batch-boundaries.ts';
import { jobNames, type RunContext } from './run-context.ts';
import type { StepError } from './process-batch.ts';

const hexId = z.string().check(z.regex(/^[0-9a-f]{24}$/));

const runContextSchema = z.strictObject({
  runId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,80}$/)),
  job: z.enum(jobNames),
  trigger: z.enum(['schedule', 'manual']),
  scheduledTime: z.iso.datetime(),
  dryRun: z.boolean(),
  parameters: z.strictObject({
    sessionExpiryDays: z.number(),
    compressionAfterDays: z.number(),
    maxSessionsPerLead: z.number(),
    batchSize: z.number(),
    leadIds: z.nullable(z.array(hexId)),
  }),
});

const batchSchema = z.union([
  z.strictObject({ index: z.number(), from: z.nullable(hexId), to: z.nullable(hexId) }),
  z.strictObject({ index: z.number(), leadIds: z.array(hexId) }),
  z.strictObject({ index: z.number(), otherIdTypes: z.literal(true) }),
]);

const stepErrorSchema = z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) });

const planInput = z.object({ run: runContextSchema });
const batchInput = z.object({ run: runContextSchema, batch: batchSchema });
const batchFailureInput = z.object({ run: runContextSchema, batch: batchSchema, error: stepErrorSchema });
const finalizeInput = z.union([
  z.object({ run: runContextSchema, batchCount: z.number() }),
  z.object({ run: runContextSchema, failure: stepErrorSchema }),
]);

export class InvalidStepInputError extends Error {
  override readonly name = 'InvalidStepInputError';
}

function parse<T>(schema: z.ZodMiniType<T>, step: string, input: unknown): T {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || '(input)'}: ${issue.message}`,
  );
  throw new InvalidStepInputError(`${step} received an invalid input: ${problems.join('; ')}`);
}

export const parsePlanInput = (input: unknown): { run: RunContext } => parse(planInput, 'Plan', input);
export const parseBatchInput = (input: unknown): { run: RunContext; batch: BatchDescriptor } =>
  parse(batchInput, 'ProcessBatch', input);
export const parseBatchFailureInput = (input: unknown): { run: RunContext; batch: BatchDescriptor; error: StepError } =>
  parse(batchFailureInput, 'RecordBatchFailure', input);
export const parseFinalizeInput = (
  input: unknown,
): { run: RunContext; batchCount: number } | { run: RunContext; failure: StepError } =>
  parse(finalizeInput, 'Finalize', input);

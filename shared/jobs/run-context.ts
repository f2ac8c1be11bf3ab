import type { MaintenancePolicy } from '#shared/core/config.ts';

export const jobNames = ['daily', 'weekly', 'monthly'] as const;
export type JobName = (typeof jobNames)[number];

/** Everything a run needs, fixed when it starts; it travels as the state machine's input (`$.run`). */
export interface RunContext {
  readonly runId: string;
  readonly job: JobName;
  readonly trigger: 'schedule' | 'manual';
  /** The schedule slot (EventBridge `time`), or the request time of a manual run. ISO 8601. */
  readonly scheduledTime: string;
  readonly dryRun: boolean;
  readonly parameters: RunParameters;
}

export interface RunParameters {
  readonly sessionExpiryDays: number;
  readonly compressionAfterDays: number;
  readonly maxSessionsPerLead: number;
  readonly batchSize: number;
  /** Limit the run to these leads (hex ObjectIds); null for all leads. */
  readonly leadIds: readonly string[] | null;
}

/** The policy a run applies: the configured one with the run's overrides. */
export function runPolicy(run: RunContext, base: MaintenancePolicy): MaintenancePolicy {
  return {
    ...base,
    sessionExpiryDays: run.parameters.sessionExpiryDays,
    compressionAfterDays: run.parameters.compressionAfterDays,
    maxSessionsPerLead: run.parameters.maxSessionsPerLead,
  };
}

const compactTime = (iso: string): string => iso.replace(/\.\d{3}/, '').replace(/[-:]/g, '');

/**
 * The run id, used as the Step Functions execution name, so a second delivery of the same event cannot start a
 * second run. Scheduled: job and slot (`daily-20261128T020000Z`). Manual: job, dry-run marker, request time and the
 * invocation's request id (an asynchronous invocation retried by Lambda keeps its request id).
 */
export function deriveRunId(
  job: JobName,
  trigger: 'schedule' | 'manual',
  scheduledTime: string,
  requestId: string,
  dryRun: boolean,
): string {
  if (trigger === 'schedule') return `${job}-${compactTime(scheduledTime)}`;
  const suffix = requestId.replace(/[^A-Za-z0-9]/g, '').slice(0, 12) || 'local';
  return `${job}-${dryRun ? 'dryrun' : 'manual'}-${compactTime(scheduledTime)}-${suffix}`;
}

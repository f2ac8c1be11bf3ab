import type { Collection, Db, Document } from 'mongodb';
import type { MaintenancePolicy } from '#shared/core/config.ts';
import type { RunRecords } from '#shared/mongo/run-records.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';

/** Structured log lines; implementations must never receive cookie or storage values (none are passed). */
export interface JobLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Run metrics (EMF in Lambda, nothing or a list locally). Names are those of infra/monitoring/metric-names.ts. */
export interface MetricsSink {
  record(job: string, metrics: readonly RunMetric[]): void;
}
export interface RunMetric {
  readonly name: string;
  readonly value: number;
  readonly unit: 'Count' | 'Bytes' | 'Seconds' | 'None';
  readonly dimensions?: Readonly<Record<string, string>>;
}

/** "Run finished" events for other systems (EventBridge PutEvents in AWS). */
export interface RunEventPublisher {
  publishRunFinished(summary: Readonly<Record<string, unknown>>): Promise<void>;
}

/** Everything a step of a run needs: the database, the stores, the configured policy and a clock. */
export interface JobDependencies {
  readonly db: Db;
  readonly leads: Collection<Document>;
  readonly runRecords: RunRecords;
  readonly store: ObjectStore;
  readonly policy: MaintenancePolicy;
  readonly now: () => Date;
  readonly logger: JobLogger;
  readonly metrics: MetricsSink;
  readonly events: RunEventPublisher;
}

export const silentLogger: JobLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * What recording a failed run needs. No policy and no connected database: the run may have failed because a
 * setting is invalid or the database cannot be reached, and its report must still be written.
 */
export interface RunFailureDependencies {
  readonly store: ObjectStore;
  readonly now: () => Date;
  readonly logger: JobLogger;
  readonly metrics: MetricsSink;
  readonly events: RunEventPublisher;
  /** The run records; rejects when the database cannot be reached. */
  runRecords(): Promise<RunRecords>;
}

/** The failure dependencies of a working environment. */
export function failureDependenciesOf(deps: JobDependencies): RunFailureDependencies {
  return { ...deps, runRecords: async () => deps.runRecords };
}

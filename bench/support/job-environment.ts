import type { Db, Document } from 'mongodb';
import { defaultPolicy } from '#shared/core/config.ts';
import { addCounts, type CountTree } from '#shared/jobs/counters.ts';
import { finalizeRun } from '#shared/jobs/finalize-run.ts';
import { planRun } from '#shared/jobs/plan-run.ts';
import { silentLogger, type JobDependencies } from '#shared/jobs/ports.ts';
import { processBatch } from '#shared/jobs/process-batch.ts';
import { deriveRunId, type JobName, type RunContext } from '#shared/jobs/run-context.ts';
import { RunRecords } from '#shared/mongo/run-records.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { createLocalObjectStore } from '#shared/storage/local-object-store.ts';

/**
 * Run records that keep a copy of each batch's counters as they are written: the bench reads what the batches did
 * without sending a command the job itself would not send.
 */
class CountingRunRecords extends RunRecords {
  readonly batchCounters: CountTree[] = [];

  override async recordBatch(record: Parameters<RunRecords['recordBatch']>[0]): Promise<void> {
    if (record.counters !== null) this.batchCounters.push(record.counters as CountTree);
    await super.recordBatch(record);
  }
}

/** A local object store that adds up the time spent writing (the daily archive, the run report). */
function timedStore(store: ObjectStore, timing: { putMs: number; putBytes: number }): ObjectStore {
  return {
    description: store.description,
    get: (key) => store.get(key),
    list: (prefix) => store.list(prefix),
    locate: (key) => store.locate(key),
    async put(key, body, options) {
      const started = performance.now();
      await store.put(key, body, options);
      timing.putMs += performance.now() - started;
      timing.putBytes += typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    },
  };
}

/** A manual, real (not dry) run whose reference time is the bench's `now`, with the default policy. */
export function benchRunContext(job: JobName, scheduledTime: Date, batchSize: number): RunContext {
  const iso = scheduledTime.toISOString();
  return {
    runId: deriveRunId(job, 'manual', iso, 'bench', false),
    job,
    trigger: 'manual',
    scheduledTime: iso,
    dryRun: false,
    parameters: {
      sessionExpiryDays: defaultPolicy.sessionExpiryDays,
      compressionAfterDays: defaultPolicy.compressionAfterDays,
      maxSessionsPerLead: defaultPolicy.maxSessionsPerLead,
      batchSize,
      leadIds: null,
    },
  };
}

/** Runs `work` over `items` with at most `concurrency` at a time (as the state machine's Map does). */
export async function forEachConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  return results;
}

export interface StepsConfig {
  readonly job: JobName;
  readonly database: string;
  /** The local object store's root (the archive and the run report land there, as they would in S3). */
  readonly storeDirectory: string;
  readonly now: string;
  readonly batchSize: number;
  readonly concurrency: number;
}

export interface StepsDetails {
  readonly batches: number;
  readonly status: string;
  /** The batches' counters, merged (what Finalize reports). */
  readonly counts: CountTree;
  /** Time spent writing to the object store (archives, report) and bytes written. */
  readonly storePutMs: number;
  readonly storePutBytes: number;
}

/**
 * A run as the state machine executes it, with the same use cases the Lambda steps call: Plan (claim, lease, `_id`
 * ranges), ProcessBatch for every batch `concurrency` at a time (lease heartbeat, the job's batch, batch record), and
 * Finalize (merge the batch records, write the report, release the lease). Logs, metrics and events are silent so
 * that none of them costs anything measurable.
 */
export async function runJobSteps(db: Db, config: StepsConfig): Promise<StepsDetails> {
  const timing = { putMs: 0, putBytes: 0 };
  const runRecords = new CountingRunRecords(db);
  const deps: JobDependencies = {
    db,
    leads: db.collection<Document>('leads'),
    runRecords,
    store: timedStore(createLocalObjectStore(config.storeDirectory), timing),
    policy: defaultPolicy,
    now: () => new Date(),
    logger: silentLogger,
    metrics: { record: () => undefined },
    events: { publishRunFinished: async () => undefined },
  };
  const run = benchRunContext(config.job, new Date(config.now), config.batchSize);
  const plan = await planRun(deps, run);
  await forEachConcurrently(plan.batches, config.concurrency, (batch) => processBatch(deps, run, batch));
  const summary = await finalizeRun(deps, run, plan.batchCount);
  return {
    batches: plan.batchCount,
    status: summary.status,
    counts: runRecords.batchCounters.reduce<CountTree>(addCounts, {}),
    storePutMs: timing.putMs,
    storePutBytes: timing.putBytes,
  };
}

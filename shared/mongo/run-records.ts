import { MongoServerError, type Collection, type Db, type Document } from 'mongodb';

export type JobName = 'daily' | 'weekly' | 'monthly';
export type RunStatus = 'RUNNING' | 'COMPLETED' | 'COMPLETED_WITH_ERRORS' | 'FAILED';

/** One run of a job, claimed once per schedule slot (the run id is derived from the job and the scheduled time). */
export interface RunRecord {
  _id: string;
  job: JobName;
  trigger: 'schedule' | 'manual';
  dryRun: boolean;
  status: RunStatus;
  startedAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
  batchCount: number | null;
  parameters: Document;
  summary: Document | null;
  failure: string | null;
}

/** What one batch of a run produced; written by the worker, read by Finalize. */
export interface BatchRecord {
  _id: string;
  runId: string;
  index: number;
  status: 'done' | 'failed';
  attempts: number;
  finishedAt: Date;
  counters: Document | null;
  error: string | null;
  /** The batch's journal: per lead, what its planned changes count once applied (see jobs/batch-journal.ts). */
  pending?: Record<string, Document>;
}

interface LeaseRecord {
  _id: JobName;
  runId: string;
  acquiredAt: Date;
  expiresAt: Date;
}

export const runCollections = {
  runs: 'maintenance_runs',
  batches: 'maintenance_batches',
  leases: 'maintenance_leases',
} as const;

export class LeaseHeldError extends Error {
  override readonly name = 'LeaseHeldError';
  readonly holder: string;
  readonly expiresAt: Date;
  constructor(job: JobName, holder: string, expiresAt: Date) {
    super(`another ${job} run (${holder}) is in progress; its lease expires at ${expiresAt.toISOString()}`);
    this.holder = holder;
    this.expiresAt = expiresAt;
  }
}

/** A lease that expired in the hands of a run that never released it. */
export interface ExpiredLease {
  readonly runId: string;
  readonly expiresAt: Date;
}

const isDuplicateKey = (error: unknown): boolean => error instanceof MongoServerError && error.code === 11000;

/** Run records, batch records and per-job leases in the leads database (our own collections, never the app's). */
export class RunRecords {
  private readonly runs: Collection<RunRecord>;
  private readonly batches: Collection<BatchRecord>;
  private readonly leases: Collection<LeaseRecord>;

  constructor(db: Db) {
    this.runs = db.collection<RunRecord>(runCollections.runs);
    this.batches = db.collection<BatchRecord>(runCollections.batches);
    this.leases = db.collection<LeaseRecord>(runCollections.leases);
  }

  /** Creates our indexes; idempotent. Batch records expire after `retentionDays` (TTL on real MongoDB). */
  async ensureIndexes(retentionDays: number): Promise<void> {
    await this.runs.createIndex({ job: 1, startedAt: -1 }, { name: 'job_startedAt' });
    await this.batches.createIndex({ runId: 1, index: 1 }, { name: 'runId_index' });
    await this.batches.createIndex(
      { finishedAt: 1 },
      { name: 'finishedAt_ttl', expireAfterSeconds: retentionDays * 86_400 },
    );
  }

  /**
   * Claims the run id. Returns false when a run with this id already exists (a duplicate delivery, or Plan
   * retried): the caller continues that run instead of starting a second one.
   */
  async claimRun(
    record: Omit<RunRecord, 'status' | 'heartbeatAt' | 'finishedAt' | 'batchCount' | 'summary' | 'failure'>,
  ): Promise<boolean> {
    try {
      await this.runs.insertOne({
        ...record,
        status: 'RUNNING',
        heartbeatAt: record.startedAt,
        finishedAt: null,
        batchCount: null,
        summary: null,
        failure: null,
      });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /**
   * Takes the job's lease for `runId` until `now + ttlMs`, or renews it if this run holds it. Two runs of the same
   * job never process at once; a crashed run's lease expires on its own.
   * @returns the run whose expired lease was taken over (it never finished), or null.
   * @throws LeaseHeldError when another run holds an unexpired lease.
   */
  async acquireLease(job: JobName, runId: string, now: Date, ttlMs: number): Promise<ExpiredLease | null> {
    const expiresAt = new Date(now.getTime() + ttlMs);
    try {
      const previous = await this.leases.findOneAndUpdate(
        { _id: job, $or: [{ runId }, { expiresAt: { $lte: now } }] },
        { $set: { runId, acquiredAt: now, expiresAt } },
        { upsert: true, returnDocument: 'before' },
      );
      return previous !== null && previous.runId !== runId
        ? { runId: previous.runId, expiresAt: previous.expiresAt }
        : null;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const holder = await this.leases.findOne({ _id: job });
      throw new LeaseHeldError(job, holder?.runId ?? 'unknown', holder?.expiresAt ?? expiresAt);
    }
  }

  /**
   * Marks a run that lost its lease without finishing (its process died) as FAILED, saying so; a run that did
   * finish keeps its status.
   */
  async markAbandoned(runId: string, finishedAt: Date, failure: string): Promise<boolean> {
    const result = await this.runs.updateOne(
      { _id: runId, status: 'RUNNING' },
      { $set: { status: 'FAILED', finishedAt, failure } },
    );
    return result.modifiedCount === 1;
  }

  /** Extends the lease and the run's heartbeat; false when the lease is no longer ours. */
  async heartbeat(job: JobName, runId: string, now: Date, ttlMs: number): Promise<boolean> {
    const lease = await this.leases.updateOne(
      { _id: job, runId },
      { $set: { expiresAt: new Date(now.getTime() + ttlMs) } },
    );
    await this.runs.updateOne({ _id: runId }, { $set: { heartbeatAt: now } });
    return lease.matchedCount === 1;
  }

  async releaseLease(job: JobName, runId: string): Promise<void> {
    await this.leases.deleteOne({ _id: job, runId });
  }

  async currentLease(job: JobName): Promise<LeaseRecord | null> {
    return this.leases.findOne({ _id: job });
  }

  async setBatchCount(runId: string, batchCount: number): Promise<void> {
    await this.runs.updateOne({ _id: runId }, { $set: { batchCount } });
  }

  /** Records a batch's outcome; a retried batch overwrites its earlier record and counts its attempts. */
  async recordBatch(record: Omit<BatchRecord, '_id' | 'attempts'>): Promise<void> {
    await this.batches.updateOne(
      { _id: `${record.runId}:${record.index}` },
      { $set: record, $inc: { attempts: 1 } },
      { upsert: true },
    );
  }

  /**
   * Journals a batch's planned counts per lead before its writes; merged with earlier attempts'. Until the batch
   * records its outcome, its record says the worker stopped while applying it.
   */
  async recordPending(runId: string, index: number, pending: Record<string, Document>, now: Date): Promise<void> {
    const leads = Object.entries(pending);
    if (leads.length === 0) return;
    await this.batches.updateOne(
      { _id: `${runId}:${index}` },
      {
        $set: { runId, index, ...Object.fromEntries(leads.map(([leadId, counts]) => [`pending.${leadId}`, counts])) },
        $setOnInsert: {
          status: 'failed',
          attempts: 0,
          finishedAt: now,
          counters: null,
          error: 'the worker stopped while applying the batch (no result recorded)',
        },
      },
      { upsert: true },
    );
  }

  /** The journal of a batch (empty when no attempt got as far as writing). */
  async pendingCounts(runId: string, index: number): Promise<Record<string, Document>> {
    const record = await this.batches.findOne({ _id: `${runId}:${index}` }, { projection: { pending: 1 } });
    return record?.pending ?? {};
  }

  /** Every batch's outcome, without the journals: only a retry of the same batch reads its journal, and Finalize
   * would otherwise read every lead's planned counts of the run (up to a few hundred KB per batch). */
  async batchRecords(runId: string): Promise<BatchRecord[]> {
    return this.batches
      .find({ runId }, { projection: { pending: 0 } })
      .sort({ index: 1 })
      .toArray();
  }

  async finishRun(
    runId: string,
    update: { status: RunStatus; finishedAt: Date; summary: Document | null; failure: string | null },
  ): Promise<void> {
    await this.runs.updateOne({ _id: runId }, { $set: update });
  }

  /**
   * Records how a run ended even when Plan never claimed it (it failed before, or on, its first command): the
   * record is created with the run's own fields when missing, so every run that started has a record.
   */
  async recordFinishedRun(
    run: Pick<RunRecord, '_id' | 'job' | 'trigger' | 'dryRun' | 'startedAt' | 'parameters'>,
    update: { status: RunStatus; finishedAt: Date; summary: Document | null; failure: string | null },
  ): Promise<void> {
    const { _id, ...created } = run;
    await this.runs.updateOne(
      { _id },
      { $set: update, $setOnInsert: { ...created, heartbeatAt: run.startedAt, batchCount: null } },
      { upsert: true },
    );
  }

  async findRun(runId: string): Promise<RunRecord | null> {
    return this.runs.findOne({ _id: runId });
  }

  /** The most recent runs of a job (of every job when null), newest first; only real or only dry runs when asked. */
  async recentRuns(job: JobName | null, limit: number, dryRun?: boolean): Promise<RunRecord[]> {
    return this.runs
      .find({ ...(job === null ? {} : { job }), ...(dryRun === undefined ? {} : { dryRun }) })
      .sort({ startedAt: -1 })
      .limit(limit)
      .toArray();
  }
}

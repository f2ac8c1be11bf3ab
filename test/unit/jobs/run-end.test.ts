import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '#shared/core/config.ts';
import { finalizeRun } from '#shared/jobs/finalize-run.ts';
import { silentLogger, type JobDependencies, type RunMetric } from '#shared/jobs/ports.ts';
import { recordFailedRun } from '#shared/jobs/record-failed-run.ts';
import type { RunContext } from '#shared/jobs/run-context.ts';
import type { BatchRecord, RunRecords } from '#shared/mongo/run-records.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';

/** Finalize and RecordFailedRun end a run through one helper: alarms and subscribers see one shape for both. */

const run: RunContext = {
  runId: 'daily-manual-20260301T020000Z-end',
  job: 'daily',
  trigger: 'manual',
  scheduledTime: '2026-03-01T02:00:00.000Z',
  dryRun: false,
  parameters: { sessionExpiryDays: 30, compressionAfterDays: 7, maxSessionsPerLead: 10, batchSize: 100, leadIds: null },
};

function memoryStore(): ObjectStore {
  const objects = new Map<string, Uint8Array>();
  return {
    description: 'memory',
    put: async (key, body) => {
      objects.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : body);
    },
    get: async (key) => objects.get(key) ?? null,
    list: async (prefix) => [...objects.keys()].filter((key) => key.startsWith(prefix)).sort(),
    locate: async (key) => `memory:${key}`,
  };
}

function recorder() {
  const metrics: { job: string; metric: RunMetric }[] = [];
  const events: Record<string, unknown>[] = [];
  return {
    metrics,
    events,
    sinks: {
      metrics: {
        record: (job: string, list: readonly RunMetric[]) => list.forEach((metric) => metrics.push({ job, metric })),
      },
      events: {
        publishRunFinished: async (summary: Readonly<Record<string, unknown>>) => {
          events.push({ ...summary });
        },
      },
    },
  };
}

const doneBatch: BatchRecord = {
  _id: `${run.runId}:0`,
  runId: run.runId,
  index: 0,
  status: 'done',
  attempts: 1,
  finishedAt: new Date('2026-03-01T02:00:05Z'),
  counters: { leadsScanned: 40, sessionsRemoved: { expired: 3 } },
  error: null,
};

/** The run records Finalize reads and writes, in memory: one planned batch, done. */
const finishedRunRecords = {
  batchRecords: async () => [doneBatch],
  findRun: async () => ({ startedAt: new Date('2026-03-01T02:00:00Z') }),
  finishRun: async () => undefined,
  releaseLease: async () => undefined,
} as unknown as RunRecords;

const metricNames = (list: { metric: RunMetric }[]) =>
  list.map(({ metric }) => `${metric.name}${metric.dimensions ? JSON.stringify(metric.dimensions) : ''}`);

describe('the end of a run is announced alike by Finalize and RecordFailedRun', () => {
  it('emits the same metric names (but the outcome) and an event of the same shape', async () => {
    // Prepare
    const now = () => new Date('2026-03-01T02:00:10Z');
    const completed = recorder();
    const failed = recorder();
    const finalizeDeps = {
      db: {} as Db,
      leads: {} as JobDependencies['leads'],
      runRecords: finishedRunRecords,
      store: memoryStore(),
      policy: defaultPolicy,
      now,
      logger: silentLogger,
      ...completed.sinks,
    } satisfies JobDependencies;

    // Act
    const completedSummary = await finalizeRun(finalizeDeps, run, 1);
    const failedSummary = await recordFailedRun(
      {
        store: memoryStore(),
        now,
        logger: silentLogger,
        runRecords: () => Promise.reject(new Error('cannot reach MongoDB at db1 (MONGODB_URI): connection refused')),
        ...failed.sinks,
      },
      run,
      { Error: 'DatabaseUnreachableError', Cause: 'cannot reach MongoDB at db1 (MONGODB_URI): connection refused' },
    );

    // Assess
    const expectedNames = (outcome: string) => [
      'RunDurationSeconds',
      'FailedBatches',
      outcome,
      'LeadsProcessed',
      'SessionsRemoved{"Reason":"expired"}',
      'SessionsRemoved{"Reason":"orphaned"}',
      'SessionsRemoved{"Reason":"overLimit"}',
      'SessionsRemoved{"Reason":"invalid"}',
    ];
    expect(metricNames(completed.metrics)).toEqual(expectedNames('RunsSucceeded'));
    expect(metricNames(failed.metrics)).toEqual(expectedNames('RunsFailed'));
    expect([...completed.metrics, ...failed.metrics].every(({ job }) => job === 'daily')).toBe(true);
    const eventKeys = ['batches', 'dryRun', 'durationMs', 'failure', 'headline', 'job', 'reportKey', 'runId', 'status'];
    expect(completed.events.map((event) => Object.keys(event).sort())).toEqual([eventKeys]);
    expect(failed.events.map((event) => Object.keys(event).sort())).toEqual([eventKeys]);
    expect(completed.events[0]).toEqual(completedSummary);
    expect(failed.events[0]).toEqual(failedSummary);
    expect(completedSummary.status).toBe('COMPLETED');
    expect(failedSummary.status).toBe('FAILED');
    expect(failedSummary.failure).toMatch(/connection refused/);
  });

  it('counts what the report counts: removed sessions and scanned leads come from the batch counters', async () => {
    // Prepare
    const completed = recorder();
    const deps = {
      db: {} as Db,
      leads: {} as JobDependencies['leads'],
      runRecords: finishedRunRecords,
      store: memoryStore(),
      policy: defaultPolicy,
      now: () => new Date('2026-03-01T02:00:10Z'),
      logger: silentLogger,
      ...completed.sinks,
    } satisfies JobDependencies;

    // Act
    await finalizeRun(deps, run, 1);

    // Assess: the one done batch scanned 40 leads and removed 3 expired sessions; the run took 10 s.
    const value = (name: string, reason?: string) =>
      completed.metrics.find(({ metric }) => metric.name === name && metric.dimensions?.Reason === reason)?.metric
        .value;
    expect(value('LeadsProcessed')).toBe(40);
    expect(value('SessionsRemoved', 'expired')).toBe(3);
    expect(value('SessionsRemoved', 'orphaned')).toBe(0);
    expect(value('RunDurationSeconds')).toBe(10);
    expect(value('FailedBatches')).toBe(0);
  });
});

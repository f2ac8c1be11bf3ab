import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCounts, type CountTree } from '#shared/jobs/counters.ts';
import type { JobDependencies } from '#shared/jobs/ports.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import {
  addFacts,
  afterLeaseExpiry,
  dailyFacts,
  databaseDigest,
  definitionWith,
  openSide,
  runJob,
  scheduledEvent,
  referenceTime,
  sumOf,
  takeCensus,
  type RunOutcome,
  type Side,
} from './faults-harness.ts';
import { crashAfterBatches } from './faults-injection.ts';

// 200 leads in batches of 10: 20 batches. Every run uses the same reference time (the 02:00 slot).
const seeded = { leadCount: 200, seed: 21 };
const batchCount = 20;
let server: EmbeddedMongo;
let reference: { digest: string; facts: Record<string, number>; run: RunOutcome };
const sides: Side[] = [];

async function freshSide(name: string): Promise<Side> {
  const side = await openSide(server.uri, name, seeded);
  sides.push(side);
  return side;
}

beforeAll(async () => {
  server = await startEmbeddedMongo({ port: 0 });
  const twin = await freshSide('crash_reference');
  const run = await runJob(twin, { job: 'daily', definition: definitionWith(1) });
  reference = { digest: await databaseDigest(twin.leads), facts: dailyFacts(run.report?.counts ?? {}), run };
});
afterAll(async () => {
  for (const side of sides) await side.close();
  await server.stop();
});

const laterClock = (side: Side): JobDependencies => ({ ...side.dependencies, now: afterLeaseExpiry });

async function recordedCounts(side: Side, runId: string): Promise<{ done: number; counts: CountTree }> {
  const records = await side.dependencies.runRecords.batchRecords(runId);
  const done = records.filter((record) => record.status === 'done');
  return { done: done.length, counts: done.reduce<CountTree>((sum, r) => addCounts(sum, r.counters ?? {}), {}) };
}

describe('a daily run whose process dies after k of 20 batches, then a rerun', () => {
  it('the uninterrupted reference run removes sessions in every batch', () => {
    expect(reference.run.report?.status).toBe('COMPLETED');
    expect(reference.run.report?.batches.planned).toBe(batchCount);
    expect(sumOf(reference.facts, 'sessionsRemoved.')).toBeGreaterThan(100);
  });

  it.each([
    { k: 0, concurrency: 1 },
    { k: 1, concurrency: 1 },
    { k: 10, concurrency: 1 },
    { k: 19, concurrency: 1 },
    { k: 7, concurrency: null },
  ])(
    'k=$k (map concurrency $concurrency): the rerun ends in the reference state and both reports are honest',
    async ({ k, concurrency }) => {
      const side = await freshSide(`crash_k${k}_${concurrency ?? 'deployed'}`);
      const definition = definitionWith(concurrency);
      const faults = crashAfterBatches(side.dependencies, k);

      // Act 1: the scheduled run dies after k batches.
      const first = await runJob(side, {
        job: 'daily',
        event: scheduledEvent(referenceTime),
        dependencies: faults.source,
        definition,
      });
      expect(first.execution?.status).toBe('FAILED');
      const firstRunId = first.runId as string;
      const lease = await side.dependencies.runRecords.currentLease('daily');
      expect(lease?.runId).toBe(firstRunId);
      const firstDone = await recordedCounts(side, firstRunId);
      // Exactly k batches recorded (with the deployed concurrency, batches in flight died unrecorded).
      if (concurrency === 1) expect(firstDone.done).toBe(k);
      else expect(firstDone.done).toBeGreaterThanOrEqual(k - 3);
      expect(firstDone.done).toBeLessThanOrEqual(k);

      // Act 2: a rerun before the lease expires is refused, names the holder and the expiry, changes nothing.
      const digestAfterCrash = await databaseDigest(side.leads);
      const refused = await runJob(side, { job: 'daily', definition });
      expect(refused.record?.status).toBe('FAILED');
      expect(refused.record?.failure).toContain(
        `another daily run (${firstRunId}) is in progress; its lease expires at ${lease?.expiresAt.toISOString()}`,
      );
      expect(await databaseDigest(side.leads)).toBe(digestAfterCrash);

      // Act 3: after the lease expired, the rerun takes over and finishes the work.
      const before = await takeCensus(side.leads);
      const rerun = await runJob(side, { job: 'daily', definition, dependencies: async () => laterClock(side) });
      const after = await takeCensus(side.leads);

      // Assess: the end state is the uninterrupted run's, byte for byte.
      expect(await databaseDigest(side.leads)).toBe(reference.digest);
      expect(rerun.report?.status).toBe('COMPLETED');
      expect(rerun.report?.batches).toEqual({ planned: batchCount, succeeded: batchCount, failed: [] });
      // The rerun counts what it did, measured in the database.
      const rerunFacts = dailyFacts(rerun.report?.counts ?? {});
      expect(sumOf(rerunFacts, 'sessionsRemoved.')).toBe(before.sessions - after.sessions);
      // With batches cut exactly (concurrency 1), the crashed run's records and the rerun add up to the reference.
      if (concurrency === 1) expect(addFacts(dailyFacts(firstDone.counts), rerunFacts)).toEqual(reference.facts);
      // The crashed run is marked as such once its lease was taken over, with what it recorded.
      const abandoned = await side.dependencies.runRecords.findRun(firstRunId);
      expect(abandoned?.status).toBe('FAILED');
      expect(abandoned?.failure).toContain(`abandoned: its lease expired`);
      expect(abandoned?.failure).toContain(`taken over by ${rerun.runId as string}`);
      expect(abandoned?.failure).toContain(`${firstDone.done} of ${batchCount} batches recorded`);
      expect(await side.dependencies.runRecords.currentLease('daily')).toBeNull();
    },
  );
});

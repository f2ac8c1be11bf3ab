import { createHash } from 'node:crypto';
import { EJSON } from 'bson';
import { BSON, MongoNetworkError, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planRangeBatches, batchFilter, type BatchDescriptor } from '#shared/mongo/batch-boundaries.ts';
import type { JobName } from '#shared/jobs/run-context.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import {
  addFacts,
  dailyFacts,
  databaseDigest,
  openSide,
  runJob,
  sumOf,
  takeCensus,
  weeklyFacts,
  type RunOutcome,
  type Side,
} from './faults-harness.ts';
import { injectFaults } from './faults-injection.ts';

// 200 leads in batches of 10: 20 batches, of which batch 7 (one in twenty) fails on every try.
const seeded = { leadCount: 200, seed: 44 };
const poisoned = 7;
let server: EmbeddedMongo;
const sides: Side[] = [];
let batches: BatchDescriptor[];
const references = new Map<JobName, { side: Side; digest: string; facts: Record<string, number> }>();
const factsOf = (job: JobName, run: RunOutcome) =>
  (job === 'daily' ? dailyFacts : weeklyFacts)(run.report?.counts ?? {});

async function freshSide(name: string): Promise<Side> {
  const side = await openSide(server.uri, name, seeded);
  sides.push(side);
  return side;
}

/** A digest of the leads a filter selects, byte for byte, in `_id` order. */
async function digestOf(leads: Collection<Document>, filter: Document): Promise<string> {
  const hash = createHash('sha256');
  for await (const lead of leads.find(filter, { sort: { _id: 1 }, promoteValues: false })) {
    hash.update(BSON.serialize(lead));
  }
  return hash.digest('hex');
}

beforeAll(async () => {
  server = await startEmbeddedMongo({ port: 0 });
  for (const job of ['daily', 'weekly'] as const) {
    const side = await freshSide(`failing_reference_${job}`);
    batches ??= await planRangeBatches(side.leads, { batchSize: 10 });
    const run = await runJob(side, { job });
    expect(run.report?.status).toBe('COMPLETED');
    references.set(job, { side, digest: await databaseDigest(side.leads), facts: factsOf(job, run) });
  }
  expect(batches).toHaveLength(20);
});
afterAll(async () => {
  for (const side of sides) await side.close();
  await server.stop();
});

/** Throws `failure()` whenever a step reads the poisoned batch's lead range. */
function poisonRange(side: Side, failure: () => Error) {
  const batch = batches[poisoned] as { from: string };
  const marker = `"$gte":{"$oid":"${batch.from}"}`;
  let hits = 0;
  const faults = injectFaults(side.dependencies, {
    beforeLeads: (method, args) => {
      if ((method === 'aggregate' || method === 'find') && EJSON.stringify(args).includes(marker)) {
        hits += 1;
        throw failure();
      }
    },
  });
  return { source: faults.source, hits: () => hits };
}

describe('one batch in twenty fails on every try', () => {
  it.each([
    {
      job: 'daily' as const,
      kind: 'a non-retryable error',
      failure: () => new Error('injected: lead range unreadable'),
      tries: 1,
      message: 'Error: injected: lead range unreadable',
    },
    {
      job: 'daily' as const,
      kind: 'a transient error (retried 3 times)',
      failure: () => new MongoNetworkError('connection 9 to 127.0.0.1:27017 closed'),
      tries: 4,
      message: 'TransientDatabaseError: transient database error: connection 9 to 127.0.0.1:27017 closed',
    },
    {
      job: 'weekly' as const,
      kind: 'a non-retryable error',
      failure: () => new Error('injected: lead range unreadable'),
      tries: 1,
      message: 'Error: injected: lead range unreadable',
    },
  ])('$job, $kind: COMPLETED_WITH_ERRORS, the rest applied, the next run completes it', async (scenario) => {
    const { job } = scenario;
    const reference = references.get(job);
    const side = await freshSide(`failing_${job}_${scenario.tries}`);
    const range = batchFilter(batches[poisoned] as BatchDescriptor);
    const rest = { $nor: [range] };
    const poisonedBefore = await digestOf(side.leads, range);
    const poison = poisonRange(side, scenario.failure);

    // Act: the run with the poisoned batch.
    const run = await runJob(side, { job, dependencies: poison.source });

    // Assess: reported, counted in the metric, tried as often as the retry policy says.
    expect(run.report?.status).toBe('COMPLETED_WITH_ERRORS');
    expect(run.report?.batches).toEqual({
      planned: 20,
      succeeded: 19,
      failed: [{ index: poisoned, error: scenario.message }],
    });
    expect(poison.hits()).toBe(scenario.tries);
    const metric = side.environment.metrics.filter((entry) => entry.metric.name === 'FailedBatches').at(-1);
    expect(metric?.metric.value).toBe(1);
    expect(run.record?.status).toBe('COMPLETED_WITH_ERRORS');
    // The other 19 batches are applied exactly as in the uninterrupted run; the poisoned range is untouched.
    expect(await digestOf(side.leads, rest)).toBe(await digestOf(reference?.side.leads as Collection<Document>, rest));
    expect(await digestOf(side.leads, range)).toBe(poisonedBefore);

    // Act: the next run, without the fault.
    const before = await takeCensus(side.leads);
    const next = await runJob(side, { job });

    // Assess: it completes the work; the end state is the uninterrupted run's; the two reports add up.
    expect(next.report?.status).toBe('COMPLETED');
    expect(await databaseDigest(side.leads)).toBe(reference?.digest);
    const facts = factsOf(job, run);
    const nextFacts = factsOf(job, next);
    expect(addFacts(facts, nextFacts)).toEqual(reference?.facts);
    if (job === 'daily') {
      const after = await takeCensus(side.leads);
      expect(sumOf(nextFacts, 'sessionsRemoved.')).toBe(before.sessions - after.sessions);
      expect(sumOf(nextFacts, 'sessionsRemoved.')).toBeGreaterThan(0);
    } else {
      expect(nextFacts.sessionsCompressed).toBeGreaterThan(0);
    }
  });
});

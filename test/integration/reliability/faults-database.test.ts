import { MongoNetworkError, type MongoClient, type MongoClientOptions } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedMongoClient, lambdaClientOptions, sharedMongoClient } from '#shared/mongo/client.ts';
import { RunRecords } from '#shared/mongo/run-records.ts';
import type { JobDependencies } from '#shared/jobs/ports.ts';
import { readArchives } from '#shared/jobs/archive.ts';
import type { JobName } from '#shared/jobs/run-context.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { startFaultProxy, type FaultAction, type FaultProxy, type ProxiedCommand } from '../../support/fault-proxy.ts';
import {
  dailyFacts,
  databaseDigest,
  dependenciesThrough,
  openSide,
  runJob,
  weeklyFacts,
  type RunOutcome,
  type Side,
} from './faults-harness.ts';
import { injectFaults } from './faults-injection.ts';

// 200 leads, batches of 10: 20 batches; the deployed Map concurrency (4) and retry policy (3 retries).
const seeded = { leadCount: 200, seed: 33 };
let server: EmbeddedMongo;
const sides: Side[] = [];
const clients: MongoClient[] = [];
const proxies: FaultProxy[] = [];
const references = new Map<
  JobName,
  { digest: string; facts: Record<string, number>; archived: number; writes: number }
>();
const factsOf = (job: JobName, run: RunOutcome) =>
  (job === 'daily' ? dailyFacts : weeklyFacts)(run.report?.counts ?? {});

async function freshSide(name: string): Promise<Side> {
  const side = await openSide(server.uri, name, seeded);
  sides.push(side);
  return side;
}

const archivedChanges = async (side: Side, runId: string | null) =>
  (await readArchives(side.environment.store, runId as string)).reduce((sum, a) => sum + a.changes.length, 0);

beforeAll(async () => {
  server = await startEmbeddedMongo({ port: 0 });
  for (const job of ['daily', 'weekly'] as const) {
    const twin = await freshSide(`faults_reference_${job}`);
    let writes = 0;
    const counted = injectFaults(twin.dependencies, { afterBulkWrite: () => (writes += 1) });
    const run = await runJob(twin, { job, dependencies: counted.source });
    expect(run.report?.status).toBe('COMPLETED');
    references.set(job, {
      digest: await databaseDigest(twin.leads),
      facts: factsOf(job, run),
      archived: await archivedChanges(twin, run.runId),
      writes,
    });
  }
});
afterAll(async () => {
  for (const client of clients) await client.close();
  for (const proxy of proxies) await proxy.close();
  for (const side of sides) await side.close();
  await server.stop();
});

/** A side whose steps reach the database through a fault proxy, with the Lambda client's settings. */
async function proxiedSide(name: string, options: MongoClientOptions = {}) {
  const side = await freshSide(name);
  const proxy = await startFaultProxy(server.port);
  proxies.push(proxy);
  const { dependencies, client } = await dependenciesThrough(side, proxy.uri, name, {
    ...lambdaClientOptions,
    ...options,
  });
  clients.push(client);
  return { side, proxy, source: async () => dependencies };
}

/** Fault on the n-th bulkWrite of lead changes (an `update` command on `leads`), once. */
function onLeadWrite(n: number, action: FaultAction): (command: ProxiedCommand) => FaultAction {
  let writes = 0;
  return (command) => {
    if (command.name !== 'update' || command.collection !== 'leads') return { kind: 'pass' };
    writes += 1;
    return writes === n ? action : { kind: 'pass' };
  };
}

function expectSameAsReference(job: JobName, run: RunOutcome, digest: string): void {
  const reference = references.get(job);
  expect(digest).toBe(reference?.digest);
  expect(run.report?.status).toBe('COMPLETED');
  expect(run.report?.batches.failed).toEqual([]);
  expect(factsOf(job, run)).toEqual(reference?.facts);
}

describe('a lost acknowledgement: the bulkWrite is applied, the worker sees an error, the batch is retried', () => {
  it.each(['daily', 'weekly'] as const)(
    '%s: applied once, counted once, archived once (in process: the 3rd bulkWrite then a network error)',
    async (job) => {
      const side = await freshSide(`lost_ack_${job}`);
      let writes = 0;
      const faults = injectFaults(side.dependencies, {
        afterBulkWrite: () => {
          writes += 1;
          if (writes === 3) throw new MongoNetworkError('connection 7 to 127.0.0.1:27017 closed');
        },
      });
      const run = await runJob(side, { job, dependencies: faults.source });
      expectSameAsReference(job, run, await databaseDigest(side.leads));
      expect(await archivedChanges(side, run.runId)).toBe(references.get(job)?.archived);
      // Every batch wrote once: the retry found its batch's changes done and wrote nothing again.
      expect(writes).toBe(references.get(job)?.writes);
      const records = side.dependencies.runRecords;
      const journaled = [];
      for (const record of await records.batchRecords(run.runId as string)) {
        const journal = await records.pendingCounts(record.runId, record.index);
        if (record.status === 'done' && Object.keys(journal).length > 0) journaled.push(record);
      }
      expect(journaled.length).toBe(references.get(job)?.writes);
    },
  );

  it('daily: a worker that fails after recording its batch is retried, and the retry counts the batch once', async () => {
    const side = await freshSide('lost_after_record');
    let records = 0;
    const faults = injectFaults(side.dependencies, {
      afterRecordBatch: (record) => {
        records += 1;
        if (record.status === 'done' && records === 6) throw new MongoNetworkError('connection 3 closed');
      },
    });
    const run = await runJob(side, { job: 'daily', dependencies: faults.source });
    expectSameAsReference('daily', run, await databaseDigest(side.leads));
    const attempts = (await side.dependencies.runRecords.batchRecords(run.runId as string)).map((r) => r.attempts);
    expect(attempts.filter((count) => count === 2)).toHaveLength(1);
  });

  it.each(['daily', 'weekly'] as const)(
    '%s over the wire: the proxy cuts the connection after the 5th bulkWrite reached the server',
    async (job) => {
      const { side, proxy, source } = await proxiedSide(`wire_after_${job}`);
      proxy.setRule(onLeadWrite(5, { kind: 'cutAfter' }));
      const run = await runJob(side, { job, dependencies: source });
      expect(proxy.log.filter((entry) => entry.action === 'cutAfter')).toHaveLength(1);
      expectSameAsReference(job, run, await databaseDigest(side.leads));
      expect(await archivedChanges(side, run.runId)).toBe(references.get(job)?.archived);
    },
  );
});

describe('database faults before the write or on the way back', () => {
  it('a connection cut before the bulkWrite reaches the server: the retry applies it, once', async () => {
    const { side, proxy, source } = await proxiedSide('wire_before_daily');
    proxy.setRule(onLeadWrite(2, { kind: 'cutBefore' }));
    const run = await runJob(side, { job: 'daily', dependencies: source });
    expect(proxy.log.filter((entry) => entry.action === 'cutBefore')).toHaveLength(1);
    expectSameAsReference('daily', run, await databaseDigest(side.leads));
  });

  it('a reply slower than the socket timeout: the worker gives up, the retry finds the work done', async () => {
    // socketTimeoutMS 60 s in Lambda; 1 s here so that the test stays short. The reply comes 3 s late.
    const { side, proxy, source } = await proxiedSide('wire_slow_daily', { socketTimeoutMS: 1000 });
    proxy.setRule(onLeadWrite(4, { kind: 'delay', ms: 3000 }));
    const run = await runJob(side, { job: 'daily', dependencies: source });
    expect(proxy.log.filter((entry) => entry.action === 'delay')).toHaveLength(1);
    expectSameAsReference('daily', run, await databaseDigest(side.leads));
  });

  it('a server too slow for every read: every batch fails after its retries, clearly, and changes nothing', async () => {
    const { side, proxy, source } = await proxiedSide('wire_always_slow', { socketTimeoutMS: 400 });
    const before = await databaseDigest(side.leads);
    proxy.setRule((command) =>
      command.name === 'aggregate' && command.collection === 'leads' ? { kind: 'delay', ms: 1000 } : { kind: 'pass' },
    );
    const run = await runJob(side, { job: 'daily', dependencies: source });
    expect(run.report?.status).toBe('COMPLETED_WITH_ERRORS');
    expect(run.report?.batches.failed).toHaveLength(20);
    for (const failed of run.report?.batches.failed ?? []) {
      expect(failed.error).toMatch(
        /^TransientDatabaseError: transient database error: connection \d+ to .* timed out$/,
      );
    }
    // 20 batches x (1 try + 3 retries of the state machine) x 2 (the driver retries a read once); nothing written.
    expect(proxy.log.filter((entry) => entry.action === 'delay')).toHaveLength(160);
    expect(
      proxy.log.filter((entry) => entry.command.name === 'update' && entry.command.collection === 'leads'),
    ).toEqual([]);
    expect(JSON.stringify(run.report)).not.toMatch(/mongodb:\/\/(?!<redacted>)/);
    expect(await databaseDigest(side.leads)).toBe(before);
    const failedBatches = side.environment.metrics.find(
      (entry) => entry.metric.name === 'FailedBatches' && entry.job === 'daily',
    );
    expect(failedBatches?.metric.value).toBe(20);
    // The server is fast again: the next run does the whole work, as the uninterrupted run did.
    proxy.setRule(() => ({ kind: 'pass' }));
    const next = await runJob(side, { job: 'daily', dependencies: source });
    expectSameAsReference('daily', next, await databaseDigest(side.leads));
  });
});

describe('the database unavailable when a run starts', () => {
  it('back within the retries: Plan is retried and the run completes, exactly once', async () => {
    const side = await freshSide('unavailable_briefly');
    const proxy = await startFaultProxy(server.port);
    proxies.push(proxy);
    proxy.setAvailable(false);
    // As in Lambda (shared/runtime/step-dependencies.ts): one shared client per process, connected before use; a
    // failed connection is not cached, so the retried step connects again. The server comes back when the state
    // machine retries Plan (the step's second call for its dependencies).
    let calls = 0;
    const lambdaLike = async (): Promise<JobDependencies> => {
      calls += 1;
      if (calls === 2) proxy.setAvailable(true);
      const client = await sharedMongoClient(proxy.uri, { ...lambdaClientOptions, serverSelectionTimeoutMS: 1000 });
      const db = client.db('unavailable_briefly');
      return { ...side.dependencies, db, leads: db.collection('leads'), runRecords: new RunRecords(db) };
    };
    try {
      const run = await runJob(side, { job: 'daily', dependencies: lambdaLike });
      expect(run.execution?.status).toBe('SUCCEEDED');
      expectSameAsReference('daily', run, await databaseDigest(side.leads));
      expect(run.record?.failure).toBeNull();
      expect(calls).toBeGreaterThan(2);
    } finally {
      await closeSharedMongoClient();
    }
  });

  it('down for good: the execution fails with a clear message and no secret, nothing is changed', async () => {
    const { side, proxy, source } = await proxiedSide('unavailable_always', { serverSelectionTimeoutMS: 300 });
    const before = await databaseDigest(side.leads);
    proxy.setAvailable(false);
    const run = await runJob(side, { job: 'daily', dependencies: source });
    expect(run.execution?.status).toBe('FAILED');
    // Nothing could be recorded (the run record and the report live behind the same database): the execution's
    // error is all there is, and it names no connection string.
    expect(run.execution?.error).toContain('Plan, the batches or Finalize failed');
    expect(run.execution?.error).not.toContain('mongodb://');
    expect(run.record).toBeNull();
    expect(await databaseDigest(side.leads)).toBe(before);
  });
});

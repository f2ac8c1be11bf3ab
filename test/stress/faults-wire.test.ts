import type { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { lambdaClientOptions } from '#shared/mongo/client.ts';
import type { JobName } from '#shared/jobs/run-context.ts';
import { startFaultProxy, type FaultAction, type FaultProxy } from '../support/fault-proxy.ts';
import {
  addFacts,
  dailyFacts,
  databaseDigest,
  dependenciesThrough,
  openSide,
  runJob,
  weeklyFacts,
  type RunOutcome,
  type Side,
} from '../integration/reliability/faults-harness.ts';

// 2,000 leads in batches of 20: 100 batches at the deployed Map concurrency. Every third bulkWrite of lead changes
// meets a fault on the wire; the runs must end as the undisturbed twin's, with the same counts.
const seeded = { leadCount: 2000, seed: 88 };
let server: EmbeddedMongo;
const sides: Side[] = [];
const clients: MongoClient[] = [];
const proxies: FaultProxy[] = [];
const factsOf = (job: JobName, run: RunOutcome) =>
  (job === 'daily' ? dailyFacts : weeklyFacts)(run.report?.counts ?? {});
const references = new Map<JobName, { digest: string; facts: Record<string, number> }>();

beforeAll(async () => {
  server = await startEmbeddedMongo({ port: 0 });
  const twin = await openSide(server.uri, 'wire_reference', seeded);
  sides.push(twin);
  for (const job of ['daily', 'weekly'] as const) {
    const run = await runJob(twin, { job, batchSize: 20 });
    expect(run.report?.status).toBe('COMPLETED');
    references.set(job, { digest: await databaseDigest(twin.leads), facts: factsOf(job, run) });
  }
});
afterAll(async () => {
  for (const client of clients) await client.close();
  for (const proxy of proxies) await proxy.close();
  for (const side of sides) await side.close();
  await server.stop();
});

describe('faults on every third bulkWrite of a 100-batch daily then weekly run', () => {
  it.each([
    { name: 'lost acknowledgements (cut after the server applied)', action: { kind: 'cutAfter' } as FaultAction },
    { name: 'connections cut before the write', action: { kind: 'cutBefore' } as FaultAction },
    { name: 'replies later than the socket timeout', action: { kind: 'delay', ms: 1500 } as FaultAction },
  ])('$name: applied once, counted once', async ({ name, action }) => {
    const database = `wire_${name.split(' ')[0]}_${action.kind}`;
    const side = await openSide(server.uri, database, seeded);
    sides.push(side);
    const proxy = await startFaultProxy(server.port);
    proxies.push(proxy);
    const { dependencies, client } = await dependenciesThrough(side, proxy.uri, database, {
      ...lambdaClientOptions,
      socketTimeoutMS: 1000,
    });
    clients.push(client);
    let writes = 0;
    proxy.setRule((command) => {
      if (command.name !== 'update' || command.collection !== 'leads') return { kind: 'pass' };
      writes += 1;
      return writes % 3 === 0 ? action : { kind: 'pass' };
    });
    for (const job of ['daily', 'weekly'] as const) {
      const run = await runJob(side, { job, batchSize: 20, dependencies: async () => dependencies });
      let facts = factsOf(job, run);
      if (run.report?.status !== 'COMPLETED') {
        // A write cut before the server saw it is retried, and the retry can meet the fault again: after three
        // retries the batch is reported failed (never half-counted), and the next run completes it.
        expect(action.kind).toBe('cutBefore');
        expect(run.report?.status).toBe('COMPLETED_WITH_ERRORS');
        for (const failed of run.report?.batches.failed ?? [])
          expect(failed.error).toMatch(/^TransientDatabaseError: /);
        const next = await runJob(side, { job, batchSize: 20, dependencies: async () => dependencies });
        expect(next.report?.status).toBe('COMPLETED');
        facts = addFacts(facts, factsOf(job, next));
      }
      expect(facts).toEqual(references.get(job)?.facts);
    }
    expect(proxy.log.filter((entry) => entry.action === action.kind).length).toBeGreaterThan(30);
    expect(await databaseDigest(side.leads)).toBe(references.get('weekly')?.digest);
  });
});

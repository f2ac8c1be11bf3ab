import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { removalReasons } from '#shared/core/daily-plan.ts';
import { countAt, type CountTree } from '#shared/jobs/counters.ts';
import { runDailyPart } from '../../../bench/daily/daily-part.ts';
import { externalDatabasePrefix, externalDatabases } from '../../../bench/support/external-database.ts';

/**
 * `--mongodb-uri`: the daily comparison against a server the bench did not start. An embedded server started by
 * the test stands in for a real MongoDB: the bench treats it like any external server.
 */
describe('bench --mongodb-uri: the daily comparison on an external server', () => {
  let server: EmbeddedMongo;
  let client: MongoClient;
  let workDirectory: string;

  beforeAll(async () => {
    server = await startEmbeddedMongo();
    client = await new MongoClient(server.uri).connect();
    workDirectory = mkdtempSync(join(tmpdir(), 'bench-external-'));
  });

  afterAll(async () => {
    await client.close();
    await server.stop();
    rmSync(workDirectory, { recursive: true, force: true });
  });

  const benchDatabases = async (): Promise<string[]> =>
    (await client.db('admin').admin().listDatabases()).databases
      .map((database) => database.name)
      .filter((name) => name.startsWith(externalDatabasePrefix));

  it('seeds a database of its own per run, measures both approaches the same, and drops every database', async () => {
    // Prepare
    const now = new Date('2026-11-28T02:00:00.000Z');
    const databases = externalDatabases(server.uri, 20261128, now);

    // Act
    const { results, targets } = await runDailyPart({
      leadCounts: [50],
      naiveMaxLeads: 50,
      concurrentMaxLeads: 0,
      concurrency: 1,
      pipelineRuns: 2,
      batchSize: 1000,
      now,
      workDirectory,
      databases,
    });

    // Assess
    const [result] = results;
    expect(result?.target).toBe(`MongoDB at 127.0.0.1:${String(server.port)}`);
    expect(result?.corpus.leads).toBe(50);
    const pipeline = result?.pipeline;
    const naive = result?.naive;
    expect(pipeline?.measurement.details.status).toBe('COMPLETED');
    expect(naive).not.toBeNull();
    // The server's CPU is not the bench's to measure on an external server: n/a, never 0.
    expect(pipeline?.serverCpuMs).toBeNull();
    // Two runs of the sequential pipeline (--pipeline-runs 2), each on a database of its own, dropped after.
    expect(result?.pipelineServerCpuMs).toEqual([null, null]);
    // A plain single server: the counting proxy sits in front of it.
    expect(pipeline?.wire?.toServer).toBeGreaterThan(0);
    expect(pipeline?.wire?.fromServer).toBeGreaterThan(0);
    // This external server happens to report embeddedStorage in serverStatus: the bench uses it.
    expect(pipeline?.storage?.documentVersions).toBeGreaterThan(0);
    expect(naive?.storage?.documentBytesRewritten).toBeGreaterThan(0);
    // Both approaches removed the same sessions, reason by reason, and left the same 50 leads byte for byte.
    expect(result?.naiveVersusPipeline?.leads).toBe(50);
    expect(result?.naiveVersusPipeline?.byteMismatches).toBe(0);
    const removed = (counts: CountTree | undefined): number[] =>
      removalReasons.map((reason) => countAt(counts ?? {}, ['sessionsRemoved', reason]));
    expect(removed(naive?.measurement.details.counts)).toEqual(removed(pipeline?.measurement.details.counts));
    expect(removed(pipeline?.measurement.details.counts).some((sessions) => sessions > 0)).toBe(true);
    expect(targets.find((verdict) => verdict.target.startsWith('pipeline, batches'))?.met).toBe(true);
    expect(await benchDatabases()).toEqual([]);
  });

  it('drops the run database when a run fails', async () => {
    // Prepare
    const databases = externalDatabases(server.uri, 1, new Date('2026-11-28T02:00:00.000Z'));

    // Act
    const database = await databases.open(10, workDirectory);
    const whileOpen = await benchDatabases();
    await databases.closeAll();

    // Assess
    expect(whileOpen).toEqual([database.database]);
    expect(await benchDatabases()).toEqual([]);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Collection, Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppIndexes } from '#local/demo/seed.ts';
import { openLocalEnvironment, type LocalEnvironment } from '#local/runner/local-environment.ts';
import type { StatePayloadSize } from '#local/runner/local-state-machine.ts';
import { runJobLocally, type LocalJobRun } from '#local/runner/run-job.ts';
import { digestLead } from '#shared/core/session-digest.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { generateLeads } from '#shared/generator/index.ts';
import type { JobName } from '#shared/jobs/run-context.ts';
import { readLeadDigests } from '#shared/mongo/lead-digests.ts';
import { deployedDefinition } from '../support/local-stack.ts';
import { startEmbeddedServerProcess, type EmbeddedServerProcess } from './load-embedded-server-process.ts';

/**
 * Load: 100,000 generated leads (about 1,000,000 sessions) in the embedded server, run in its own process so that
 * the memory sampled here is the job's (driver, step handlers, local state machine). LOAD_LEADS changes the size
 * for a quick check (e.g. LOAD_LEADS=2000 npm run test:stress -- load-).
 */
const leadCount = Number(process.env.LOAD_LEADS ?? 100_000);
const stepFunctionsPayloadLimit = 256 * 1024;
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

interface MemoryPeaks {
  rss: number;
  heapUsed: number;
  serverRss: number;
}

/** Samples this process's memory (and the server's) every 250 ms until stopped. */
function sampleMemory(server: EmbeddedServerProcess): { stop(): Promise<MemoryPeaks> } {
  const peaks: MemoryPeaks = { rss: 0, heapUsed: 0, serverRss: 0 };
  const sample = async (): Promise<void> => {
    const usage = process.memoryUsage();
    peaks.rss = Math.max(peaks.rss, usage.rss);
    peaks.heapUsed = Math.max(peaks.heapUsed, usage.heapUsed);
    peaks.serverRss = Math.max(peaks.serverRss, await server.rssBytes());
  };
  const timer = setInterval(() => void sample(), 250);
  return {
    async stop() {
      clearInterval(timer);
      await sample();
      return peaks;
    },
  };
}

/** Inserts generated leads in chunks of 1,000, counting sessions by the contract's definition as they go. */
async function seed(leads: Collection<Document>, now: Date): Promise<{ leads: number; sessions: number }> {
  let chunk: Document[] = [];
  let sessions = 0;
  let inserted = 0;
  const flush = async (): Promise<void> => {
    inserted += (await leads.insertMany(chunk, { ordered: false })).insertedCount;
    chunk = [];
  };
  for (const lead of generateLeads({
    seed: 20261129,
    leadCount,
    now,
    sessionsPerLead: { min: 5, max: 16 },
    cookiesPerSession: { min: 0, max: 3 },
  })) {
    sessions += classifyLead(digestLead(lead)).sessions.length;
    chunk.push(lead);
    if (chunk.length === 1000) await flush();
  }
  if (chunk.length > 0) await flush();
  return { leads: inserted, sessions };
}

/** Sessions in the database, by the same definition, read in `_id` ranges so the census stays small in memory. */
async function countSessions(leads: Collection<Document>): Promise<number> {
  let sessions = 0;
  let after: Document | null = null;
  for (;;) {
    const filter: Document = after === null ? {} : { _id: { $gt: after } };
    const ids = await leads.find(filter, { projection: { _id: 1 }, sort: { _id: 1 }, limit: 5000 }).toArray();
    const last = ids.at(-1);
    if (last === undefined) return sessions;
    const range = { _id: { $gte: ids[0]?._id, $lte: last._id } };
    for (const digest of await readLeadDigests(leads, range)) sessions += classifyLead(digest).sessions.length;
    after = last._id as Document;
  }
}

interface Measured {
  run: LocalJobRun;
  wallMs: number;
  memory: MemoryPeaks;
  largestState: StatePayloadSize;
  statesMeasured: number;
}

let server: EmbeddedServerProcess;
let environment: LocalEnvironment;
let reportsDir: string;
let seeded: { leads: number; sessions: number };
const results: Partial<Record<JobName, Measured>> = {};

async function measureRun(job: JobName): Promise<Measured> {
  let largestState: StatePayloadSize = { state: '(none)', kind: 'input', bytes: 0 };
  let statesMeasured = 0;
  let batchesDone = 0;
  const memory = sampleMemory(server);
  const started = performance.now();
  const run = await runJobLocally({
    job,
    payload: {},
    definition: deployedDefinition(),
    dependencies: environment.dependencies,
    environment: {},
    requestId: `load-${job}`,
    progress: {
      onStatePayload: (payload) => {
        statesMeasured += 1;
        if (payload.bytes > largestState.bytes) largestState = payload;
      },
      onBatchFinished: () => {
        batchesDone += 1;
        if (batchesDone % 10 === 0) console.log(`[load] ${job}: ${batchesDone} batches done`);
      },
    },
  });
  const wallMs = performance.now() - started;
  const measured = { run, wallMs, memory: await memory.stop(), largestState, statesMeasured };
  const output = run.execution?.output;
  if (run.execution?.error) console.log(`[load] ${job}: execution error ${run.execution.error}`);
  const failedBatches = (await environment.dependencies.runRecords.batchRecords(run.start.runId as string)).filter(
    (batch) => batch.status === 'failed',
  );
  for (const batch of failedBatches.slice(0, 5))
    console.log(`[load] ${job}: batch ${batch.index} failed: ${batch.error}`);
  console.log(
    `[load] ${job}: ${(wallMs / 1000).toFixed(1)} s wall, status ${String(output?.status)}, ` +
      `batches ${JSON.stringify(output?.batches)}, headline ${JSON.stringify(output?.headline)}; ` +
      `peak worker RSS ${mib(measured.memory.rss)}, peak heapUsed ${mib(measured.memory.heapUsed)}, ` +
      `peak server RSS ${mib(measured.memory.serverRss)}; largest state payload ${largestState.bytes} bytes ` +
      `(${largestState.state} ${largestState.kind}) of ${statesMeasured} measured`,
  );
  return measured;
}

beforeAll(async () => {
  server = await startEmbeddedServerProcess();
  reportsDir = await mkdtemp(join(tmpdir(), 'lsm-load-'));
  // The embedded server answers one command at a time; on a loaded machine a batch's aggregate can keep it busy
  // past the driver's 30 s monitoring timeout (local/runner/local-environment.ts does the same in process).
  const mongoUri = `${server.uri.replace(/\/$/, '')}/?connectTimeoutMS=300000`;
  environment = await openLocalEnvironment({ mongoUri, database: 'load', reportsDir, environment: {} });
  const started = performance.now();
  seeded = await seed(environment.dependencies.leads, new Date());
  await createAppIndexes(environment.dependencies.leads);
  console.log(
    `[load] seeded ${seeded.leads} leads, ${seeded.sessions} sessions in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
});

afterAll(async () => {
  await environment?.close();
  await server?.stop();
  if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
});

describe(`load: ${leadCount} leads`, () => {
  it('holds about ten sessions per lead', () => {
    expect(seeded.leads).toBe(leadCount);
    expect(seeded.sessions).toBeGreaterThan(leadCount * 9);
  });

  it('daily completes every batch, with Step Functions state far below 256 KiB', async () => {
    const daily = await measureRun('daily');
    results.daily = daily;
    const output = daily.run.execution?.output;
    expect(daily.run.execution?.status).toBe('SUCCEEDED');
    expect(output?.status).toBe('COMPLETED');
    expect(output?.batches.failed).toBe(0);
    expect(output?.batches.planned).toBeGreaterThanOrEqual(Math.ceil(leadCount / 1000) - 1);
    expect(output?.headline.sessionsRemoved).toBeGreaterThan(seeded.sessions / 4);
    // Every batch's ProcessBatch input and output were measured, not just the top-level states.
    expect(daily.statesMeasured).toBeGreaterThanOrEqual(2 * (output?.batches.planned ?? 0));
    expect(daily.largestState.bytes).toBeLessThan(stepFunctionsPayloadLimit / 8);
  });

  it('weekly completes every batch after it, with the same bound on the state', async () => {
    const weekly = await measureRun('weekly');
    results.weekly = weekly;
    const output = weekly.run.execution?.output;
    expect(weekly.run.execution?.status).toBe('SUCCEEDED');
    expect(output?.status).toBe('COMPLETED');
    expect(output?.batches.failed).toBe(0);
    expect(output?.headline.sessionsCompressed).toBeGreaterThan(seeded.sessions / 10);
    expect(weekly.largestState.bytes).toBeLessThan(stepFunctionsPayloadLimit / 8);
  });

  it('adds up: sessions before minus the daily removals equal the sessions after both jobs', async () => {
    const after = await countSessions(environment.dependencies.leads);
    const removed = results.daily?.run.execution?.output?.headline.sessionsRemoved ?? NaN;
    console.log(`[load] sessions: ${seeded.sessions} before, ${removed} removed by daily, ${after} after weekly`);
    expect(after).toBe(seeded.sessions - removed);
  });
});

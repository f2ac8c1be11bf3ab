import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import type { JobDependencies } from '#shared/jobs/ports.ts';
import {
  afterLeaseExpiry,
  dailyFacts,
  databaseDigest,
  definitionWith,
  openSide,
  runJob,
  sumOf,
  takeCensus,
  type Side,
} from '../integration/reliability/faults-harness.ts';

// 1,000 leads in batches of 10: 100 batches. The child runs the daily job one batch at a time; the parent kills
// it with SIGKILL once k batches are recorded (so the kill lands anywhere in batch k+1: its read, its archive, its
// bulkWrite, or between the bulkWrite and its record).
const seeded = { leadCount: 1000, seed: 77 };
const batchCount = 100;
const runId = 'daily-20261128T020000Z';
let server: EmbeddedMongo;
let referenceDigest: string;
const sides: Side[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startEmbeddedMongo({ port: 0 });
  const twin = await openSide(server.uri, 'kill_reference', seeded);
  sides.push(twin);
  const run = await runJob(twin, { job: 'daily', definition: definitionWith(1) });
  expect(run.report?.status).toBe('COMPLETED');
  referenceDigest = await databaseDigest(twin.leads);
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const side of sides) await side.close();
  await server.stop();
});

async function doneBatches(side: Side): Promise<number> {
  return (await side.dependencies.runRecords.batchRecords(runId)).filter((r) => r.status === 'done').length;
}

/** Starts the child on `database` and SIGKILLs it once `k` batches are recorded; resolves with what it saw. */
async function runAndKill(side: Side, database: string, k: number): Promise<{ doneAtKill: number; exit: string }> {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./crash-child-run.ts', import.meta.url)), database, '10'],
    {
      env: { ...process.env, MONGODB_URI: server.uri },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
  let doneAtKill = -1;
  for (;;) {
    const record = await side.dependencies.runRecords.findRun(runId);
    const done = await doneBatches(side);
    if (record?.batchCount && done >= k) {
      child.kill('SIGKILL');
      doneAtKill = done;
      break;
    }
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { doneAtKill, exit: await exited };
}

describe('the CLI-like child process killed with SIGKILL after k of 100 batches, then a rerun', () => {
  it.each([0, 1, 50, 99])('k=%i: the rerun ends in the uninterrupted state and counts what it did', async (k) => {
    const database = `kill_k${k}`;
    const side = await openSide(server.uri, database, seeded);
    sides.push(side);

    const killed = await runAndKill(side, database, k);
    expect(killed.exit).toBe('SIGKILL');
    expect(killed.doneAtKill).toBeGreaterThanOrEqual(k);
    const recordedByKilled = await doneBatches(side);
    expect(recordedByKilled).toBeLessThanOrEqual(killed.doneAtKill + 1);
    expect((await side.dependencies.runRecords.currentLease('daily'))?.runId).toBe(runId);

    const before = await takeCensus(side.leads);
    const later: JobDependencies = { ...side.dependencies, now: afterLeaseExpiry };
    const rerun = await runJob(side, { job: 'daily', definition: definitionWith(1), dependencies: async () => later });
    const after = await takeCensus(side.leads);

    expect(rerun.report?.status).toBe('COMPLETED');
    expect(rerun.report?.batches).toEqual({ planned: batchCount, succeeded: batchCount, failed: [] });
    expect(await databaseDigest(side.leads)).toBe(referenceDigest);
    expect(sumOf(dailyFacts(rerun.report?.counts ?? {}), 'sessionsRemoved.')).toBe(before.sessions - after.sessions);
    const abandoned = await side.dependencies.runRecords.findRun(runId);
    expect(abandoned?.status).toBe('FAILED');
    expect(abandoned?.failure).toContain(`${recordedByKilled} of ${batchCount} batches recorded`);
    console.log(
      `k=${k}: killed with ${killed.doneAtKill} batches done, ${recordedByKilled} recorded; rerun removed ` +
        `${before.sessions - after.sessions} sessions`,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaseHeldError, RunRecords } from '#shared/mongo/run-records.ts';
import { connectTestTarget } from '../embedded-mongo/target.ts';

let target: Awaited<ReturnType<typeof connectTestTarget>>;
let records: RunRecords;
const t0 = new Date('2026-11-28T02:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

beforeAll(async () => {
  target = await connectTestTarget();
  await target.db.dropDatabase();
  records = new RunRecords(target.db);
  await records.ensureIndexes(90);
});
afterAll(async () => {
  await target.close();
});

const run = (id: string) => ({
  _id: id,
  job: 'daily' as const,
  trigger: 'schedule' as const,
  dryRun: false,
  startedAt: t0,
  parameters: {},
});

describe('RunRecords', () => {
  it('claims a run id once: a duplicate delivery finds it taken', async () => {
    expect(await records.claimRun(run('daily-20261128T020000Z'))).toBe(true);
    expect(await records.claimRun(run('daily-20261128T020000Z'))).toBe(false);
  });

  it('creates its indexes idempotently', async () => {
    await records.ensureIndexes(90);
    await records.ensureIndexes(90);
    const names = (await target.db.collection('maintenance_batches').listIndexes().toArray()).map(
      (index) => index.name,
    );
    expect(names).toEqual(expect.arrayContaining(['_id_', 'runId_index', 'finishedAt_ttl']));
  });

  it('lets one run of a job hold the lease, refuses a second clearly, and frees it on release', async () => {
    await records.acquireLease('weekly', 'weekly-a', t0, 60_000);
    await expect(records.acquireLease('weekly', 'weekly-b', later(1000), 60_000)).rejects.toThrow(LeaseHeldError);
    await expect(records.acquireLease('weekly', 'weekly-b', later(1000), 60_000)).rejects.toThrow(
      'another weekly run (weekly-a) is in progress',
    );
    await records.acquireLease('weekly', 'weekly-a', later(2000), 60_000);
    await records.releaseLease('weekly', 'weekly-a');
    await records.acquireLease('weekly', 'weekly-b', later(3000), 60_000);
    expect((await records.currentLease('weekly'))?.runId).toBe('weekly-b');
  });

  it('lets a lease expire on its own after a crash', async () => {
    await records.acquireLease('monthly', 'monthly-crashed', t0, 1000);
    await records.acquireLease('monthly', 'monthly-next', later(1001), 1000);
    expect((await records.currentLease('monthly'))?.runId).toBe('monthly-next');
    expect(await records.heartbeat('monthly', 'monthly-crashed', later(1002), 1000)).toBe(false);
  });

  it('keeps leases of different jobs apart (daily and weekly may run at once)', async () => {
    await records.acquireLease('daily', 'daily-x', t0, 60_000);
    await records.acquireLease('weekly', 'weekly-y', t0, 60_000).catch(() => undefined);
    expect((await records.currentLease('daily'))?.runId).toBe('daily-x');
  });

  it('records batches, a retry overwriting its earlier record and counting attempts', async () => {
    await records.recordBatch({
      runId: 'r1',
      index: 0,
      status: 'failed',
      finishedAt: t0,
      counters: null,
      error: 'boom',
    });
    await records.recordBatch({
      runId: 'r1',
      index: 0,
      status: 'done',
      finishedAt: later(5),
      counters: { leadsScanned: 3 },
      error: null,
    });
    const [batch] = await records.batchRecords('r1');
    expect(batch).toMatchObject({ index: 0, status: 'done', attempts: 2, counters: { leadsScanned: 3 } });
  });
});

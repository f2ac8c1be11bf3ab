import { ObjectId, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAt } from '#shared/jobs/counters.ts';
import { batchFilter, planRangeBatches } from '#shared/mongo/batch-boundaries.ts';
import type { RunReport } from '#shared/jobs/run-report.ts';
import { getJson } from '#shared/storage/json-objects.ts';
import {
  corruptedKinds,
  corruptId,
  idKey,
  normalLeads,
  startCorpusStack,
  type CorpusStack,
} from './corrupted-corpus.ts';

/**
 * Leads whose `_id` is not an ObjectId (string, number, document, Decimal128, date) among normal leads, cut into
 * batches of 10: batches are `_id` ranges of ObjectIds, and such leads sort before (numbers, strings, documents)
 * or after (dates) every ObjectId. The run must still complete, and every one of those leads must be processed.
 */
const idKinds = corruptedKinds().filter((kind) => kind.kind.startsWith('id-'));
const normal = normalLeads(60);
let stack: CorpusStack;
let before: Map<string, Document>;

beforeAll(async () => {
  stack = await startCorpusStack([...normal, ...idKinds.map((kind) => kind.lead)], { BATCH_SIZE: '10' });
  before = await stack.snapshot();
});
afterAll(async () => {
  await stack?.close();
});

describe(`${idKinds.length} leads with an _id that is not an ObjectId, in batches of 10`, () => {
  it('daily completes every batch and removes (and archives) the expired session of each of them', async () => {
    const run = await stack.run('daily');
    const output = run.execution?.output;
    expect(run.execution?.status, run.execution?.error ?? '').toBe('SUCCEEDED');
    expect(output?.status).toBe('COMPLETED');
    expect(output?.batches.planned).toBeGreaterThan(6);
    expect(output?.batches.failed).toBe(0);
    const after = await stack.snapshot();
    const archive = await stack.archive(output?.runId as string);
    for (const kind of idKinds) {
      const lead = after.get(idKey(kind.lead._id));
      const history = (lead?.sessionHistory ?? []) as Document[];
      expect(
        history.some((entry) => entry.sessionId === corruptId(kind.kind)),
        `${kind.kind}: expired session removed`,
      ).toBe(false);
      expect(
        archive.filter((change) => change.sessionId === corruptId(kind.kind) && change.reason === 'expired'),
        `${kind.kind}: archived`,
      ).toHaveLength(1);
    }
    const report = (await getJson<RunReport>(stack.environment.store, output?.reportKey as string)) as RunReport;
    const scanned = countAt(report.counts, ['leadsScanned']);
    const withSessions = [...before.values()].filter(
      (lead) =>
        lead.browserSession !== undefined || (Array.isArray(lead.sessionHistory) && lead.sessionHistory.length > 0),
    ).length;
    expect(scanned).toBe(withSessions);
  });

  it('weekly completes every batch too', async () => {
    const run = await stack.run('weekly');
    expect(run.execution?.output?.status).toBe('COMPLETED');
    expect(run.execution?.output?.batches.failed).toBe(0);
    expect(run.execution?.output?.headline.leadsScanned).toBeGreaterThanOrEqual(idKinds.length);
  });

  it('plans batches that cover every lead exactly once when other _id types sit where a boundary falls', async () => {
    const leads = stack.environment.dependencies.db.collection('boundaries_mixed_ids');
    const others = [...Array.from({ length: 12 }, (_, i) => `string-${i}`), 1, 2.5, { a: 1 }, new Date(0)];
    const objectIds = Array.from({ length: 25 }, (_, i) => ObjectId.createFromTime(1_700_000_000 + i));
    await leads.insertMany([...others, ...objectIds].map((id, n) => ({ _id: id as ObjectId, n })));
    const batches = await planRangeBatches(leads, { batchSize: 10 });
    expect(batches.at(-1)).toEqual({ index: batches.length - 1, otherIdTypes: true });
    const seen: number[] = [];
    for (const batch of batches) for (const lead of await leads.find(batchFilter(batch)).toArray()) seen.push(lead.n);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: others.length + objectIds.length }, (_, i) => i));
  });
});

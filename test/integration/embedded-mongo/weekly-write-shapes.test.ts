import { MongoClient, type AnyBulkWriteOperation, type Collection, type Document, type UpdateOneModel } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeeklyChange } from '#shared/core/weekly-plan.ts';
import { planWeeklyMaintenance } from '#shared/core/weekly-planner.ts';
import { generateLeadArray } from '#shared/generator/index.ts';
import { readLeadSessions } from '#shared/mongo/lead-digests.ts';
import { compileWeeklyStatements } from '#shared/mongo/weekly-writes.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { allDocuments, applyBothWays } from './both-paths.ts';

/**
 * The embedded server's fast paths for the weekly job's write shapes (history entries decoded only as far as a
 * filter, `$pull` condition or array filter reads; array filters looked up through an index of the entries by
 * session id instead of each filter testing every entry) give exactly the results of its general paths: the same
 * documents, the same matched and modified counts, statement by statement, on generated leads. Always an
 * in-process embedded server (the comparison is of the embedded server with itself).
 */
const now = new Date('2026-11-28T02:00:00.000Z');
const policy = { compressionAfterDays: 7 };
const leads = generateLeadArray({ seed: 23, leadCount: 200, now }) as Document[];

let server: EmbeddedMongo;
let client: MongoClient;
let fast: Collection<Document>;
let general: Collection<Document>;

beforeAll(async () => {
  server = await startEmbeddedMongo();
  client = await new MongoClient(server.uri).connect();
  fast = client.db('weekly_write_shapes').collection('fast');
  general = client.db('weekly_write_shapes').collection('general');
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

async function freshCopies(): Promise<void> {
  for (const collection of [fast, general]) {
    await collection.deleteMany({});
    await collection.insertMany(leads.map((lead) => ({ ...lead })));
  }
}

/** Every lead's weekly statements, verified (count in `$expr`) or not (`$elemMatch` guards). */
async function weeklyStatements(verified: boolean): Promise<AnyBulkWriteOperation[]> {
  const stored = await readLeadSessions(fast, {});
  return stored.flatMap((lead) => {
    const plan = planWeeklyMaintenance(lead, { now, policy });
    const changes: readonly WeeklyChange[] = plan.changes;
    return changes.length === 0 ? [] : compileWeeklyStatements(plan.leadId, changes, verified).map((s) => s.operation);
  });
}

const arrayFilterCount = (statements: readonly AnyBulkWriteOperation[]): number =>
  statements.reduce(
    (sum, statement) =>
      sum + ((statement as { updateOne: UpdateOneModel<Document> }).updateOne.arrayFilters ?? []).length,
    0,
  );

describe('weekly write shapes: fast paths equal general paths', () => {
  it.each([
    { verified: true, guard: 'count in $expr' },
    { verified: false, guard: '$elemMatch guards' },
  ])('applies the weekly statements ($guard) identically, also when applied again', async ({ verified }) => {
    // Prepare
    await freshCopies();
    const statements = await weeklyStatements(verified);

    // Act: the second round meets entries already compressed or pulled (only cookie pulls still bump `__v`).
    const first = await applyBothWays(fast, general, statements);
    const second = await applyBothWays(fast, general, statements);

    // Assess: many statements with many array filters each, all applied once, identically.
    expect(statements.length).toBeGreaterThan(50);
    expect(arrayFilterCount(statements)).toBeGreaterThan(2 * statements.length);
    expect(first.fast).toEqual(first.general);
    expect(second.fast).toEqual(second.general);
    expect(first.fast.filter(([, modified]) => modified === 1).length).toBe(statements.length);
    expect(second.fast.filter(([, modified]) => modified === 1).length).toBeLessThan(statements.length / 2);
    expect(await allDocuments(fast)).toEqual(await allDocuments(general));
  });
});

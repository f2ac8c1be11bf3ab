import { MongoClient, type AnyBulkWriteOperation, type Collection, type Document, type UpdateOneModel } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { planDailyCleanup } from '#shared/core/daily-planner.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { generateLeadArray } from '#shared/generator/index.ts';
import { compileFallbackStatements, compileLeadStatement } from '#shared/mongo/daily-writes.ts';
import { readLeadDigests } from '#shared/mongo/lead-digests.ts';
import { readStoredEntries } from '#shared/mongo/stored-entries.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { useGeneralPathsOnly } from '#local/embedded-mongo/query/fast-paths.ts';
import { allDocuments, applyBothWays as applyBothWaysOn, withPaths } from './both-paths.ts';

/**
 * The embedded server's fast paths (hash-set `$in`, `$expr` compiled once per statement, stored sub-documents
 * trusted after compiled stages, decoding only the fields of history entries a filter or `$pull` reads) give exactly the results of its general paths on the daily job's write shapes:
 * the same documents, the same matched and modified counts, statement by statement, on generated leads. The
 * switch is process-wide, so this always runs against an in-process embedded server, also when MONGODB_URI names
 * a real MongoDB for the conformance suite (the comparison is of the embedded server with itself).
 */
const now = new Date('2026-11-28T02:00:00.000Z');
const policy = { sessionExpiryDays: 30, maxSessionsPerLead: 10 };
const leads = generateLeadArray({ seed: 11, leadCount: 300, now }) as Document[];

let server: EmbeddedMongo;
let client: MongoClient;
let fast: Collection<Document>;
let general: Collection<Document>;

beforeAll(async () => {
  server = await startEmbeddedMongo();
  client = await new MongoClient(server.uri).connect();
  fast = client.db('lead_write_shapes').collection('fast');
  general = client.db('lead_write_shapes').collection('general');
  await fast.insertMany(leads.map((lead) => ({ ...lead })));
  await general.insertMany(leads.map((lead) => ({ ...lead })));
});
afterEach(() => {
  useGeneralPathsOnly(false);
});
afterAll(async () => {
  useGeneralPathsOnly(false);
  await client.close();
  await server.stop();
});

const applyBothWays = (statements: readonly AnyBulkWriteOperation[]) => applyBothWaysOn(fast, general, statements);

async function plansOf(collection: Collection<Document>) {
  const digests = await readLeadDigests(collection, {});
  return digests.map((digest) => planDailyCleanup(classifyLead(digest), { now, policy }));
}

describe('lead write shapes: fast paths equal general paths', () => {
  it('reads the same digests and stored copies with and without trusting stored sub-documents', async () => {
    // Prepare: ask for every stored copy of every lead (the daily job asks for those its removals take).
    const digests = await readLeadDigests(fast, {});
    const requests = (await allDocuments(fast)).map((lead) => ({
      leadId: lead._id,
      browserSession: true,
      sessionIds: (Array.isArray(lead.sessionHistory) ? (lead.sessionHistory as Document[]) : [])
        .map((entry) => entry?.sessionId)
        .filter((id): id is string => typeof id === 'string' && id !== ''),
      withoutSessionId: true,
    }));

    // Act
    const trusted = await readStoredEntries(fast, requests);
    const checked = await withPaths(true, () => readStoredEntries(fast, requests));
    const checkedDigests = await withPaths(true, () => readLeadDigests(fast, {}));

    // Assess
    expect(digests.length).toBeGreaterThan(100);
    expect(digests).toEqual(checkedDigests);
    expect(trusted.size).toBe(leads.length);
    expect(trusted).toEqual(checked);
  });

  it('applies statements whose planned counts are off by one identically: none modifies anything', async () => {
    // Prepare: the lead statements of leads with removals, each expecting one more entry than it will pull.
    const plans = (await plansOf(fast)).filter((plan) => plan.removals.length > 0);
    const statements = plans
      .map(
        (plan) =>
          (compileLeadStatement(plan.leadId, plan.removals) as { updateOne: UpdateOneModel<Document> }).updateOne,
      )
      .filter((statement) => statement.filter.$expr !== undefined)
      .map((statement): AnyBulkWriteOperation => {
        const [counted, planned] = (statement.filter.$expr as { $eq: [Document, number] }).$eq;
        return { updateOne: { ...statement, filter: { ...statement.filter, $expr: { $eq: [counted, planned + 1] } } } };
      });

    // Act
    const counts = await applyBothWays(statements);

    // Assess
    expect(counts.fast).toEqual(counts.general);
    expect(statements.length).toBeGreaterThan(50);
    expect(counts.fast.every(([matched, modified]) => matched === 0 && modified === 0)).toBe(true);
    expect(await allDocuments(fast)).toEqual(await allDocuments(general));
  });

  it('applies the fallback statements (guards in $elemMatch, grouped $pull) identically', async () => {
    // Prepare
    const plans = (await plansOf(fast)).filter((plan) => plan.removals.length > 0);
    const statements = plans.flatMap((plan) => compileFallbackStatements(plan.leadId, plan.removals, new Set()));

    // Act: applied twice, so the second round meets leads where nothing is left to remove.
    const first = await applyBothWays(statements);
    const second = await applyBothWays(statements);

    // Assess
    expect(first.fast).toEqual(first.general);
    expect(second.fast).toEqual(second.general);
    expect(first.fast.filter(([, modified]) => modified === 1).length).toBeGreaterThan(50);
    expect(await allDocuments(fast)).toEqual(await allDocuments(general));
  });

  it('applies the daily lead statements (count in $expr, grouped $pull) identically', async () => {
    // Prepare: a fresh copy of the corpus in both collections, planned once.
    await fast.deleteMany({});
    await general.deleteMany({});
    await fast.insertMany(leads.map((lead) => ({ ...lead })));
    await general.insertMany(leads.map((lead) => ({ ...lead })));
    const plans = (await plansOf(fast)).filter((plan) => plan.removals.length > 0);
    const statements = plans.map((plan) => compileLeadStatement(plan.leadId, plan.removals));

    // Act
    const counts = await applyBothWays(statements);

    // Assess: every statement applied both ways (matched 1, modified 1), and the end states are equal.
    expect(counts.fast).toEqual(counts.general);
    expect(counts.fast.filter(([, modified]) => modified === 1).length).toBe(statements.length);
    expect(await allDocuments(fast)).toEqual(await allDocuments(general));
  });
});

import { MongoBulkWriteError, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLeads } from '#local/demo/seed.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { generateLeads } from '#shared/generator/index.ts';

let server: EmbeddedMongo;
let client: MongoClient;
beforeAll(async () => {
  server = await startEmbeddedMongo({ port: 0 });
  client = await new MongoClient(server.uri).connect();
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

const options = { seed: 31, leadCount: 250, now: new Date('2026-11-28T02:00:00Z') };

describe('seeding generated leads in chunks', () => {
  it("stores exactly the generator's leads, reporting the running total after each chunk in order", async () => {
    // Prepare
    const leads = client.db('seed-all').collection('leads');
    const totals: number[] = [];

    // Act
    const inserted = await seedLeads(leads, options, 100, (total) => totals.push(total));

    // Assess
    const expectedIds = [...generateLeads(options)].map((lead) => String(lead['_id'])).sort();
    const storedIds = (await leads.find({}, { projection: { _id: 1 } }).toArray()).map((lead) => String(lead._id));
    expect(inserted).toBe(250);
    expect(totals).toEqual([100, 200, 250]);
    expect(storedIds.sort()).toEqual(expectedIds);
  });

  it('stops at the first chunk the server refuses: that error, and no later chunk stored', async () => {
    // Prepare: a lead of the second chunk is already there, so its insert fails with a duplicate key.
    const leads = client.db('seed-failing').collection('leads');
    const generated = [...generateLeads(options)];
    await leads.insertOne(generated[150] as Record<string, unknown>);
    const totals: number[] = [];

    // Act
    const seeding = seedLeads(leads, options, 100, (total) => totals.push(total));

    // Assess: the first chunk and the rest of the second (unordered) are stored; the third chunk is not.
    await expect(seeding).rejects.toBeInstanceOf(MongoBulkWriteError);
    await expect(seeding).rejects.toMatchObject({ code: 11000 });
    const thirdChunkIds = generated.slice(200).map((lead) => lead['_id']);
    expect(totals).toEqual([100]);
    expect(await leads.countDocuments({})).toBe(200);
    expect(await leads.countDocuments({ _id: { $in: thirdChunkIds } })).toBe(0);
  });
});

import { deserialize, Double, Int32, Long } from 'bson';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeCensus } from '#local/demo/census.ts';
import { seedLeads } from '#local/demo/seed.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { digestLead } from '#shared/core/session-digest.ts';
import { classifyLead } from '#shared/core/session-model.ts';

let server: EmbeddedMongo;
let client: MongoClient;
beforeAll(async () => {
  server = await startEmbeddedMongo({ port: 0 });
  client = new MongoClient(server.uri);
  await client.connect();
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

/**
 * The same figures counted apart from the database's aggregation: every lead read as stored (raw BSON, whose length
 * is its stored size) and digested by the core's `digestLead`, not by the database-side digest the census reads.
 */
async function countedFromStoredDocuments(leads: Collection<Document>) {
  const counted = { leads: 0, sessions: 0, compressedSessions: 0, documentBytes: 0 };
  for await (const stored of leads.find({}, { raw: true }) as AsyncIterable<Uint8Array>) {
    const sessions = classifyLead(digestLead(deserialize(stored, { promoteValues: false }))).sessions;
    counted.leads += 1;
    counted.documentBytes += stored.byteLength;
    counted.sessions += sessions.length;
    counted.compressedSessions += sessions.filter((session) => session.compressed).length;
  }
  return counted;
}

describe("the demo's census", () => {
  it('counts what the stored documents hold: leads, sessions by the contract, compressed sessions, stored bytes', async () => {
    // Prepare: generated leads (every data quirk of the contract), one compressed session, numbers of every width.
    const leads = client.db('census').collection('leads');
    await seedLeads(leads, { seed: 11, leadCount: 120, now: new Date('2026-11-28T02:00:00Z') });
    await leads.insertOne({
      leadType: 'ftd',
      widths: { int: new Int32(1), double: new Double(1), long: Long.fromNumber(1) },
      currentSessionId: 's1',
      browserSession: {
        sessionId: 's1',
        createdAt: new Date('2026-11-20T00:00:00Z'),
        lastAccessedAt: new Date('2026-11-27T00:00:00Z'),
        isActive: true,
        compressedPayload: { codec: 'gzip', originalBytes: new Int32(900), storedBytes: new Double(300) },
      },
    });

    // Act
    const census = await takeCensus(leads);

    // Assess
    expect(census).toEqual(await countedFromStoredDocuments(leads));
    expect(census.leads).toBe(121);
    expect(census.compressedSessions).toBeGreaterThanOrEqual(1);
  });

  it('counts an empty collection as nothing', async () => {
    const census = await takeCensus(client.db('census').collection('empty'));

    expect(census).toEqual({ leads: 0, sessions: 0, compressedSessions: 0, documentBytes: 0 });
  });
});

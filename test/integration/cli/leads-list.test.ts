import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '#local/cli/dispatch.ts';
import { createAppIndexes, seedLeads } from '#local/demo/seed.ts';
import { startEmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { embeddedDatabase } from '#local/runner/local-environment.ts';

let dataDir: string;
let documents: Document[];

interface Listing {
  database: string;
  totals: { leads: number; leadsWithSessions: number; sessions: number };
  rows: { leadId: string; leadType: string; sessions: number; currentSessionId: string | null; sessionBytes: number }[];
}

/**
 * The session count of one stored lead, straight from the document: distinct non-empty string `sessionId`s of
 * `browserSession` and of the history's documents (a phantom has none; the current session's history copy repeats
 * its id, so it counts once).
 */
function sessionsIn(lead: Document): number {
  const ids = new Set<string>();
  const take = (entry: unknown) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return;
    const id = (entry as { sessionId?: unknown }).sessionId;
    if (typeof id === 'string' && id !== '') ids.add(id);
  };
  take(lead.browserSession);
  if (Array.isArray(lead.sessionHistory)) lead.sessionHistory.forEach(take);
  return ids.size;
}

beforeAll(async () => {
  // Prepare: generated leads (every quirk of the contract: phantoms, duplicated current sessions, wrong types).
  dataDir = await mkdtemp(join(tmpdir(), 'leads-list-'));
  const mongo = await startEmbeddedMongo({ port: 0, dataDir });
  const client = await new MongoClient(mongo.uri).connect();
  const leads = client.db(embeddedDatabase).collection('leads');
  await seedLeads(leads, { seed: 4242, leadCount: 700, now: new Date('2026-11-29T00:00:00Z') });
  await createAppIndexes(leads);
  documents = await leads.find({}).sort({ _id: 1 }).toArray();
  await client.close();
  await mongo.stop();
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

async function cli(argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli([...argv, '--data-dir', dataDir], {
    io: {
      stdout: { write: (text: string) => stdout.push(text) },
      stderr: { write: (text: string) => stderr.push(text) },
      interactive: false,
    },
    environment: {},
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('leads list', () => {
  it('counts leads and sessions as a direct count of the stored documents does', async () => {
    // Act
    const { code, stdout } = await cli(['leads', 'list', '--json', '--limit', '100000']);

    // Assess
    expect(code).toBe(0);
    const listing = JSON.parse(stdout) as Listing;
    const expected = documents.map((lead) => ({ leadId: String(lead._id), sessions: sessionsIn(lead) }));
    expect(listing.rows.map(({ leadId, sessions }) => ({ leadId, sessions }))).toEqual(expected);
    expect(listing.totals).toEqual({
      leads: documents.length,
      leadsWithSessions: expected.filter((lead) => lead.sessions > 0).length,
      sessions: expected.reduce((sum, lead) => sum + lead.sessions, 0),
    });
    const knownTypes = ['ftd', 'filler', 'cold', 'live'];
    expect(listing.rows.map((row) => row.leadType)).toEqual(
      documents.map((lead) => (knownTypes.includes(lead.leadType as string) ? lead.leadType : 'unknown')),
    );
    // The generated data holds the cases that make a naive count wrong.
    expect(documents.some((lead) => lead.browserSession && !lead.browserSession.sessionId)).toBe(true);
    expect(listing.totals.leadsWithSessions).toBeGreaterThan(0);
    expect(listing.totals.leadsWithSessions).toBeLessThan(documents.length);
  });

  it('shows --limit leads by id with their counts and sizes, and says how to see more', async () => {
    // Act
    const { code, stdout } = await cli(['leads', 'list', '--limit', '5']);

    // Assess
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`database: embedded database in ${dataDir} (database lead_session_demo)`);
    expect(lines[2]).toMatch(/^ {2}lead id +type +sessions +compressed +session bytes +current session$/);
    const ids = lines.slice(3, 8).map((line) => line.trim().split(/\s+/)[0]);
    expect(ids).toEqual(documents.slice(0, 5).map((lead) => String(lead._id)));
    expect(lines[8]).toBe(`5 of ${documents.length.toLocaleString('en-US')} leads, by id (--limit N shows more)`);
    expect(lines[9]).toContain('session export --lead <id>');
  });

  it('lists only leads that hold a session with --with-sessions', async () => {
    // Act
    const { stdout } = await cli(['leads', 'list', '--with-sessions', '--json', '--limit', '100000']);

    // Assess
    const listing = JSON.parse(stdout) as Listing;
    const withSessions = documents.filter((lead) => sessionsIn(lead) > 0).map((lead) => String(lead._id));
    expect(listing.rows.map((row) => row.leadId)).toEqual(withSessions);
    expect(listing.rows.every((row) => row.sessions > 0 && row.sessionBytes > 0)).toBe(true);
  });

  it('gives an id that session export accepts', async () => {
    // Prepare
    const { stdout } = await cli(['leads', 'list', '--with-sessions', '--json', '--limit', '50']);
    const lead = (JSON.parse(stdout) as Listing).rows.find((row) => row.currentSessionId !== null);
    expect(lead).toBeDefined();

    // Act
    const exported = await cli(['session', 'export', '--lead', lead?.leadId ?? '']);

    // Assess
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toHaveProperty('cookies');
  });
});

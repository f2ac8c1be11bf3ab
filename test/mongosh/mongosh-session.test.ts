/**
 * mongosh (npm package 2.x) pointed at the embedded server, on demo-shaped leads: what a developer types first.
 * Runs through `npm run test:mongosh`, which installs mongosh outside the project's dependencies (its install takes
 * minutes) and passes the CLI's path in MONGOSH_CLI. Every expected number is counted from the generated leads.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { BSON, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedMongo, startEmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { generateLeadArray, noQuirks } from '#shared/generator/index.ts';

type AnyObject = Record<string, unknown>;

const mongoshCli = process.env['MONGOSH_CLI'] ?? '';
const leads = generateLeadArray({
  seed: 21,
  leadCount: 60,
  now: new Date('2026-11-01T00:00:00Z'),
  quirkRates: noQuirks,
});
const firstId = leads[0]?.['_id'];

let server: EmbeddedMongo;

/**
 * Runs a mongosh script against the demo database; the script prints one EJSON document, returned parsed. The
 * child runs asynchronously: the embedded server lives in this process and must keep answering.
 */
async function mongosh(script: string): Promise<AnyObject> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [mongoshCli, `${server.uri}/demo`, '--quiet', '--norc', '--eval', script],
    { encoding: 'utf8', timeout: 25_000 },
  );
  return BSON.EJSON.parse(stdout.trim().split('\n').at(-1) ?? '{}', { relaxed: true }) as AnyObject;
}

beforeAll(async () => {
  if (!existsSync(mongoshCli))
    throw new Error('MONGOSH_CLI does not name the mongosh CLI: run this test with `npm run test:mongosh`');
  server = await startEmbeddedMongo();
  const client = await new MongoClient(server.uri).connect();
  await client.db('demo').collection('leads').insertMany(leads);
  await client.db('demo').collection('leads').createIndex({ email: 1 }, { name: 'email_1' });
  await client.close();
});

afterAll(async () => {
  await server.stop();
});

describe('mongosh against the embedded server', () => {
  it('answers stats(), explain(), getIndexes(), currentOp(), an arrayFilters update and an aggregation', async () => {
    // Prepare: independent counts from the generated leads
    const bytes = leads.reduce((total, lead) => total + BSON.calculateObjectSize(lead), 0);
    const coldLeads = leads.filter((lead) => lead['leadType'] === 'cold').length;
    const sessionsOf = (lead: AnyObject): AnyObject[] => (lead['sessionHistory'] as AnyObject[] | undefined) ?? [];
    const leadsWithSessions = leads.filter((lead) => sessionsOf(lead).length > 0).length;
    const sessionsByType = new Map<string, { leads: number; sessions: number }>();
    for (const lead of leads) {
      const entry = sessionsByType.get(String(lead['leadType'])) ?? { leads: 0, sessions: 0 };
      sessionsByType.set(String(lead['leadType']), {
        leads: entry.leads + 1,
        sessions: entry.sessions + sessionsOf(lead).length,
      });
    }

    // Act
    const result = await mongosh(`
      const stats = db.leads.stats();
      const sizes = { dataSize: db.leads.dataSize(), totalSize: db.leads.totalSize() };
      const byId = db.leads.find({ _id: ObjectId('${String(firstId)}') }).explain('executionStats');
      const cold = db.leads.find({ leadType: 'cold' }).explain('executionStats');
      const indexes = db.leads.getIndexes().map((index) => index.name);
      const operations = db.currentOp().inprog;
      const update = db.leads.updateMany({}, { $set: { 'sessionHistory.$[s].reviewed': true } }, { arrayFilters: [{ 's.sessionId': { $exists: true } }] });
      const reviewed = db.leads.aggregate([{ $unwind: '$sessionHistory' }, { $match: { 'sessionHistory.reviewed': true } }, { $count: 'n' }]).toArray();
      const byType = db.leads.aggregate([{ $group: { _id: '$leadType', leads: { $sum: 1 }, sessions: { $sum: { $size: '$sessionHistory' } } } }, { $sort: { _id: 1 } }]).toArray();
      print(EJSON.stringify({
        stats: { count: stats.count, size: stats.size, nindexes: stats.nindexes, ...sizes },
        byId: { stage: byId.queryPlanner.winningPlan.stage, docs: byId.executionStats.totalDocsExamined },
        cold: { stage: cold.queryPlanner.winningPlan.stage, returned: cold.executionStats.nReturned, docs: cold.executionStats.totalDocsExamined },
        indexes,
        operations: operations.map((operation) => ({ type: operation.type, ns: operation.ns })),
        update: { matched: update.matchedCount, modified: update.modifiedCount },
        reviewed: reviewed[0]?.n ?? 0,
        byType,
      }, { relaxed: true }));
    `);

    // Assess
    const sessionTotal = [...sessionsByType.values()].reduce((total, entry) => total + entry.sessions, 0);
    expect(result['stats']).toEqual({
      count: leads.length,
      size: bytes,
      nindexes: 2,
      dataSize: bytes,
      totalSize: bytes,
    });
    expect(result['byId']).toEqual({ stage: 'IDHACK', docs: 1 });
    expect(result['cold']).toEqual({ stage: 'COLLSCAN', returned: coldLeads, docs: leads.length });
    expect(result['indexes']).toEqual(['_id_', 'email_1']);
    expect(result['operations']).toEqual([{ type: 'op', ns: 'admin.$cmd.aggregate' }]);
    expect(result['update']).toEqual({ matched: leads.length, modified: leadsWithSessions });
    expect(result['reviewed']).toBe(sessionTotal);
    expect(result['byType']).toEqual(
      [...sessionsByType.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([type, entry]) => ({ _id: type, ...entry })),
    );
  });
});

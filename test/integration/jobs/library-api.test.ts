import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateMonthlyReport, performDailyCleanup, performWeeklyMaintenance } from '#lib/index.ts';
import { startEmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { seedLeads } from '#local/demo/seed.ts';
import { MongoClient } from 'mongodb';
import { loadDeployedDefinition } from '#local/runner/definition.ts';

describe('the library API', () => {
  it('runs daily, weekly and monthly in process against a given MongoDB and returns their summaries', async () => {
    const server = await startEmbeddedMongo({ port: 0 });
    const reportsDir = await mkdtemp(join(tmpdir(), 'lsm-lib-'));
    try {
      const client = await new MongoClient(server.uri).connect();
      await seedLeads(client.db('app').collection('leads'), { seed: 8, leadCount: 120, now: new Date() });
      await client.close();
      const options = { mongoUri: server.uri, database: 'app', reportsDir };
      const dry = await performDailyCleanup({ ...options, dryRun: true, days: 14 });
      expect(dry).toMatchObject({ job: 'daily', status: 'COMPLETED', dryRun: true });
      expect((await performDailyCleanup(options)).headline.sessionsRemoved).toBeGreaterThan(0);
      expect((await performWeeklyMaintenance(options)).status).toBe('COMPLETED');
      expect((await generateMonthlyReport(options)).headline.totalSessions).toBeGreaterThan(0);
    } finally {
      await server.stop();
      await rm(reportsDir, { recursive: true, force: true });
    }
  });
});

describe('the local runner', () => {
  it('executes the synthesized definition: a change of the Map concurrency in the stack is what it runs', () => {
    const find = (definition: unknown): number | undefined => {
      const states = (definition as { States: Record<string, { Type: string; MaxConcurrency?: number }> }).States;
      return Object.values(states).find((state) => state.Type === 'Map')?.MaxConcurrency;
    };
    expect(find(loadDeployedDefinition())).toBe(4);
    expect(find(loadDeployedDefinition({ mapMaxConcurrency: 7 }))).toBe(7);
  });
});

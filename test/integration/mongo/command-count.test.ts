import { MongoClient, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDailyCleanup } from '#shared/core/daily-planner.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { generateLeads } from '#shared/generator/index.ts';
import { applyDailyPlans } from '#shared/mongo/apply-daily.ts';
import { batchFilter, planRangeBatches } from '#shared/mongo/batch-boundaries.ts';
import { readLeadDigests } from '#shared/mongo/lead-digests.ts';
import { connectTestTarget } from '../embedded-mongo/target.ts';

const now = new Date();
let target: Awaited<ReturnType<typeof connectTestTarget>>;
let leads: Collection<Document>;

beforeAll(async () => {
  target = await connectTestTarget();
  leads = target.db.collection('command_count');
  await leads.deleteMany({});
  await leads.insertMany([...generateLeads({ seed: 3, leadCount: 2000, now, cookiesPerSession: { min: 0, max: 5 } })]);
});
afterAll(async () => {
  await target.close();
});

describe('commands a daily pass sends', () => {
  it('is at most 2 per batch plus a constant (command monitoring of the driver)', async () => {
    // A client of its own: command monitoring must be switched on when the client is created.
    const monitored = await new MongoClient(target.uri, { monitorCommands: true }).connect();
    const commands: string[] = [];
    monitored.on('commandStarted', (event: { commandName: string }) => commands.push(event.commandName));
    const leads = monitored.db(target.db.databaseName).collection('command_count');
    const batches = await planRangeBatches(leads, { batchSize: 200 });
    const planning = commands.length;
    for (const batch of batches) {
      const digests = await readLeadDigests(leads, batchFilter(batch));
      await applyDailyPlans(
        leads,
        digests.map((digest) =>
          planDailyCleanup(classifyLead(digest), { now, policy: { sessionExpiryDays: 30, maxSessionsPerLead: 10 } }),
        ),
      );
    }
    // Counted before close: closing sends endSessions, which is not part of the pass.
    const perBatch = commands.length - planning;
    await monitored.close();
    console.log(
      `daily pass: ${batches.length} batches, ${perBatch} commands for the batches (+${planning} to plan them): ${(perBatch / batches.length).toFixed(2)} per batch`,
    );
    expect(perBatch).toBeGreaterThanOrEqual(batches.length);
    expect(perBatch).toBeLessThanOrEqual(2 * batches.length);
    expect(planning).toBeGreaterThan(0);
    expect(planning).toBeLessThanOrEqual(5);
  });
});

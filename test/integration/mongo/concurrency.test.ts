import type { Collection, Document, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDailyCleanup } from '#shared/core/daily-planner.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { planWeeklyMaintenance } from '#shared/core/weekly-planner.ts';
import { generateLeads } from '#shared/generator/index.ts';
import { applyDailyPlans } from '#shared/mongo/apply-daily.ts';
import { applyWeeklyPlans } from '#shared/mongo/apply-weekly.ts';
import { batchFilter, planRangeBatches } from '#shared/mongo/batch-boundaries.ts';
import { readLeadDigests, readLeadSessions } from '#shared/mongo/lead-digests.ts';
import { takeCensus } from '#local/demo/census.ts';
import { connectTestTarget } from '../embedded-mongo/target.ts';
import { runAppWriter } from './app-writer.ts';

const leadCount = 5000;
const now = new Date();
const policy = { sessionExpiryDays: 30, compressionAfterDays: 7, maxSessionsPerLead: 10 };
let target: Awaited<ReturnType<typeof connectTestTarget>>;
let leads: Collection<Document>;

beforeAll(async () => {
  target = await connectTestTarget();
  leads = target.db.collection('concurrency');
  await leads.deleteMany({});
  const documents = [...generateLeads({ seed: 7, leadCount, now, cookiesPerSession: { min: 0, max: 8 } })];
  for (let start = 0; start < documents.length; start += 500)
    await leads.insertMany(documents.slice(start, start + 500));
});
afterAll(async () => {
  await target.close();
});

describe('daily and weekly passes while the app writes', () => {
  it('loses no write of the app, removes nothing ineligible, and counts exactly what changed', async () => {
    const before = await takeCensus(leads);
    const ids = (await leads.find({}, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id as ObjectId);
    let stop = false;
    // Several app instances at once, as in production: more interleaving with the jobs' writes.
    const writers = Promise.all([1, 2, 3, 4].map((seed) => runAppWriter(leads, ids, () => stop, seed)));
    let removedSessions = 0;
    const removedIds = new Set<string>();
    const batches = await planRangeBatches(leads, { batchSize: 500 });
    for (const batch of batches) {
      const digests = await readLeadDigests(leads, batchFilter(batch));
      const plans = digests.map((digest) => planDailyCleanup(classifyLead(digest), { now, policy }));
      for (const result of await applyDailyPlans(leads, plans)) {
        if (result.outcome !== 'applied') continue;
        removedSessions += result.removal.sessions;
        if (result.removal.sessionId) removedIds.add(result.removal.sessionId);
      }
      const full = await readLeadSessions(leads, batchFilter(batch));
      const weekly = full.map((lead) => planWeeklyMaintenance(lead, { now, policy }));
      await applyWeeklyPlans(leads, weekly, new Map(full.map((lead) => [String(lead._id), lead])));
    }
    stop = true;
    const all = await writers;
    const writes = {
      storedSessions: all.flatMap((w) => w.storedSessions),
      touches: all.flatMap((w) => w.touches),
      versionConflicts: all.reduce((sum, w) => sum + w.versionConflicts, 0),
      discardedByApp: all.reduce((sum, w) => sum + w.discardedByApp, 0),
    };
    const after = await takeCensus(leads);

    // Every session the app stored is still there, and none of them was removed.
    const stored = await leads
      .find(
        {},
        { projection: { 'sessionHistory.sessionId': 1, 'sessionHistory.lastAccessedAt': 1, browserSession: 1 } },
      )
      .toArray();
    const present = new Map(
      stored.map((doc) => [
        String(doc._id),
        Array.isArray(doc.sessionHistory) ? (doc.sessionHistory as Document[]) : [],
      ]),
    );
    for (const write of writes.storedSessions) {
      expect(present.get(String(write.leadId))?.some((entry) => entry.sessionId === write.sessionId)).toBe(true);
      expect(removedIds.has(write.sessionId)).toBe(false);
    }
    // Every touch landed on the session it was meant for: a touched session ends with one of its own touch
    // timestamps (the last one applied), and no touch timestamp shows up on any other session.
    const touchesBySession = new Map<string, number[]>();
    for (const touch of writes.touches) {
      const key = `${String(touch.leadId)}/${touch.sessionId}`;
      touchesBySession.set(key, [...(touchesBySession.get(key) ?? []), touch.at.getTime()]);
    }
    const touchOwner = new Map(
      writes.touches.map((touch) => [touch.at.getTime(), `${String(touch.leadId)}/${touch.sessionId}`]),
    );
    for (const [leadId, history] of present) {
      for (const entry of history) {
        const key = `${leadId}/${String(entry.sessionId)}`;
        const at = entry.lastAccessedAt instanceof Date ? entry.lastAccessedAt.getTime() : null;
        const owner = at === null ? undefined : touchOwner.get(at);
        if (owner !== undefined) expect(owner).toBe(key);
        const own = touchesBySession.get(key);
        if (own !== undefined) expect(own).toContain(at);
      }
    }
    for (const key of touchesBySession.keys()) {
      const [leadId, sessionId] = key.split('/') as [string, string];
      const stillThere = present.get(leadId)?.some((entry) => entry.sessionId === sessionId) ?? false;
      expect(stillThere || removedIds.has(sessionId)).toBe(true);
    }
    // Counts are facts: sessions before + stored by the app - dropped by the app itself - removed = sessions after.
    expect(after.sessions).toBe(
      before.sessions + writes.storedSessions.length - writes.discardedByApp - removedSessions,
    );
    console.log(
      `concurrency: ${leadCount} leads, ${batches.length} batches, ${removedSessions} sessions removed, app stored ${writes.storedSessions.length} sessions and ` +
        `touched ${writes.touches.length} (${writes.versionConflicts} version conflicts retried; ${writes.discardedByApp} sessions dropped by the app's own overwrite)`,
    );
    expect(writes.storedSessions.length + writes.touches.length).toBeGreaterThan(0);
  });
});

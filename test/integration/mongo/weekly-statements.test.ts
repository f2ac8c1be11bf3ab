import type { Collection, Document } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inflateSession } from '#shared/core/codec/index.ts';
import { planWeeklyMaintenance } from '#shared/core/weekly-planner.ts';
import { applyWeeklyPlans } from '#shared/mongo/apply-weekly.ts';
import { readLeadSessions } from '#shared/mongo/lead-digests.ts';
import { cookie, daysAgo, lead, now, session, sessionIdFor } from '../../support/lead-fixtures.ts';
import { connectCountingClient, type CountingClient } from '../../support/update-statements.ts';
import { connectTestTarget } from '../embedded-mongo/target.ts';

const policy = { compressionAfterDays: 7 };
let target: Awaited<ReturnType<typeof connectTestTarget>>;
let counting: CountingClient;
let leads: Collection<Document>;

beforeAll(async () => {
  target = await connectTestTarget();
  counting = await connectCountingClient(target.uri);
  leads = counting.client.db(target.db.databaseName).collection('weekly_statements');
});
afterAll(async () => {
  await counting.client.close();
  await target.close();
});
beforeEach(async () => {
  await leads.deleteMany({});
  counting.reset();
});

async function plan() {
  const stored = await readLeadSessions(leads, {});
  const plans = stored.map((document) => planWeeklyMaintenance(document, { now, policy }));
  return { plans, before: new Map(stored.map((document) => [String(document._id), document])) };
}

/** A session old enough to compress, with enough repeated storage to make compression worth it. */
const oldSession = (label: string, extra: Record<string, unknown> = {}) =>
  session(label, {
    ageDays: 20,
    localStorage: { profile: 'x'.repeat(400), settings: 'y'.repeat(400) },
    cookies: [cookie('sid', 'v'.repeat(200)), cookie('pref', 'p'.repeat(200))],
    ...extra,
  });

describe('weekly: one update statement per lead', () => {
  it('compresses 300 sessions and drops their expired cookies with one statement', async () => {
    const expiredCookie = cookie('gone', 'z', { expires: daysAgo(3) });
    const history = Array.from({ length: 300 }, (_, i) =>
      oldSession(`w${i}`, i % 3 === 0 ? { cookies: [cookie('sid', 'v'.repeat(200)), expiredCookie] } : {}),
    );
    const document = lead({ history: [...history, session('fresh')] });
    await leads.insertOne(document);
    const { plans, before } = await plan();
    counting.reset();

    const result = await applyWeeklyPlans(leads, plans, before);

    expect(counting.statements()).toBe(1);
    expect(result.changes.filter((change) => change.outcome === 'applied')).toHaveLength(300);
    const stored = await target.db.collection('weekly_statements').findOne({ _id: document._id });
    const entries = stored?.sessionHistory as Document[];
    expect(entries.filter((entry) => entry.compressedPayload !== undefined)).toHaveLength(300);
    // Reversible: the first compressed entry inflates to its optimised original.
    const restored = inflateSession(entries[1] as Document);
    expect(restored.localStorage).toEqual((history[1] as Document).localStorage);
    // Compression (with the expired cookies left out of the blob) changes entries in place: no element of
    // sessionHistory moved, so the version key stays.
    expect(stored?.__v).toBe(document.__v);
    expect(result.bytesSaved).toBe(plans[0]?.bytesSaved);
  });

  it('still compresses the other entries when the app touched one of them meanwhile', async () => {
    const document = lead({ history: ['a', 'b', 'c', 'd'].map((label) => oldSession(label)) });
    await leads.insertOne(document);
    const { plans, before } = await plan();
    await leads.updateOne(
      { _id: document._id, 'sessionHistory.sessionId': sessionIdFor('b') },
      { $set: { 'sessionHistory.$.lastAccessedAt': new Date(now.getTime() - 1000) } },
    );
    counting.reset();

    const result = await applyWeeklyPlans(leads, plans, before);

    const outcomes = result.changes.map((change) => [change.change.sessionId, change.outcome]);
    expect(outcomes).toEqual([
      [sessionIdFor('a'), 'applied'],
      [sessionIdFor('b'), 'missed'],
      [sessionIdFor('c'), 'applied'],
      [sessionIdFor('d'), 'applied'],
    ]);
    const entries = (await leads.findOne({ _id: document._id }))?.sessionHistory as Document[];
    expect(entries.map((entry) => entry.compressedPayload !== undefined)).toEqual([true, false, true, true]);
    // The all-or-nothing statement missed; one unverified retry applied the rest.
    expect(counting.statements()).toBe(2);
    expect(result.bytesSaved).toBeGreaterThan(0);
    expect(result.bytesSaved).toBeLessThan(plans[0]?.bytesSaved ?? 0);
  });

  it('removes repeated entries and compresses in two statements (their paths conflict in one)', async () => {
    const repeated = oldSession('rep');
    const copy = { ...oldSession('rep'), sessionId: repeated.sessionId };
    await leads.insertOne(lead({ history: [repeated, copy, oldSession('other')] }));
    const { plans, before } = await plan();
    counting.reset();

    const result = await applyWeeklyPlans(leads, plans, before);

    expect(result.changes.every((change) => change.outcome === 'applied')).toBe(true);
    expect(result.changes.map((change) => change.change.kind).sort()).toEqual(['compress', 'compress', 'deduplicate']);
    expect(counting.statements()).toBe(2);
  });
});

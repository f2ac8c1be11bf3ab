import type { Collection, Document } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cutoffBefore } from '#shared/core/config.ts';
import { planDailyCleanup } from '#shared/core/daily-planner.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { applyDailyPlans } from '#shared/mongo/apply-daily.ts';
import { readLeadDigests } from '#shared/mongo/lead-digests.ts';
import { lead, now, session, sessionIdFor } from '../../support/lead-fixtures.ts';
import { connectCountingClient, type CountingClient } from '../../support/update-statements.ts';
import { connectTestTarget } from '../embedded-mongo/target.ts';

const policy = { sessionExpiryDays: 30, maxSessionsPerLead: 10 };
const collectionName = 'daily_statements';
let target: Awaited<ReturnType<typeof connectTestTarget>>;
let counting: CountingClient;
let leads: Collection<Document>;

beforeAll(async () => {
  target = await connectTestTarget();
  counting = await connectCountingClient(target.uri);
  leads = counting.client.db(target.db.databaseName).collection(collectionName);
});
afterAll(async () => {
  await counting.client.close();
  await target.close();
});
beforeEach(async () => {
  await leads.deleteMany({});
  counting.reset();
});

async function planFromDatabase() {
  const digests = await readLeadDigests(leads, {});
  return digests.map((digest) => planDailyCleanup(classifyLead(digest), { now, policy }));
}

const sessionIds = (document: Document | null): string[] =>
  ((document?.sessionHistory ?? []) as Document[]).map((entry) => entry.sessionId as string);

const outcomes = (results: Awaited<ReturnType<typeof applyDailyPlans>>): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const result of results) {
    const key = `${result.removal.reason}:${result.outcome}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

describe('one update statement per lead', () => {
  it('removes 390 of 400 history entries with one statement, leaving what the straightforward approach leaves', async () => {
    // Prepare: 200 expired sessions, 200 fresh ones of which the 10 newest stay (over the limit of 10).
    const expired = Array.from({ length: 200 }, (_, i) => session(`old${i}`, { ageDays: 31 + i }));
    const fresh = Array.from({ length: 200 }, (_, i) => session(`new${i}`, { ageDays: 1 + i / 10 }));
    const history = expired.flatMap((entry, i) => [entry, fresh[i] as Record<string, unknown>]);
    const document = lead({ history });
    await leads.insertOne(document);
    const plans = await planFromDatabase();
    counting.reset();

    // Act
    const results = await applyDailyPlans(leads, plans);

    // Assess: the straightforward approach (load, filter in memory, save) keeps the 10 newest fresh sessions in
    // their stored order, bumps __v once and touches nothing else.
    const expected = history
      .filter((entry) => (entry.createdAt as Date).getTime() >= cutoffBefore(now, 30).getTime())
      .sort((a, b) => (b.createdAt as Date).getTime() - (a.createdAt as Date).getTime())
      .slice(0, 10);
    const kept = new Set(expected.map((entry) => entry.sessionId));
    const stored = await target.db.collection(collectionName).findOne({ _id: document._id });
    expect(counting.statements()).toBe(1);
    expect(outcomes(results)).toEqual({ 'expired:applied': 200, 'overLimit:applied': 190 });
    expect(stored).toEqual({
      ...document,
      __v: (document.__v as number) + 1,
      sessionHistory: history.filter((entry) => kept.has(entry.sessionId)),
    });
  });

  it('sends exactly one statement per changed lead when nothing changed meanwhile', async () => {
    await leads.insertMany([
      lead({ current: session('c1', { ageDays: 45 }), history: [session('o1', { createdAt: 'x' })] }),
      lead({ history: Array.from({ length: 14 }, (_, i) => session(`m${i}`, { ageDays: i + 1 })) }),
      lead({ history: [session('bad', { cookies: 'sid=1' }), session('id-less', { id: null })] }),
      lead({ history: [session('fine')] }),
    ]);
    const plans = await planFromDatabase();
    counting.reset();

    const results = await applyDailyPlans(leads, plans);

    expect(counting.statements()).toBe(3);
    expect(results.every((result) => result.outcome === 'applied')).toBe(true);
  });
});

describe('a lead the app changed between our read and our write', () => {
  it('still removes the other expired entries when the app replaced the expired current session', async () => {
    const document = lead({
      current: session('cur', { ageDays: 40 }),
      history: [session('e1', { ageDays: 50 }), session('e2', { ageDays: 60 }), session('keep')],
    });
    await leads.insertOne(document);
    const plans = await planFromDatabase();
    // The app stores a new current session: the guard on browserSession no longer holds.
    const storeNewSession: Document = {
      $set: { browserSession: session('brand-new', { isActive: true }), currentSessionId: sessionIdFor('brand-new') },
      $push: { sessionHistory: session('brand-new') },
    };
    await leads.updateOne({ _id: document._id }, storeNewSession);
    counting.reset();

    const results = await applyDailyPlans(leads, plans);

    const stored = await leads.findOne({ _id: document._id });
    // The history copy of the old current session is expired by its own guard: it goes with the others.
    expect(sessionIds(stored)).toEqual([sessionIdFor('keep'), sessionIdFor('brand-new')]);
    expect(stored?.currentSessionId).toBe(sessionIdFor('brand-new'));
    expect((stored?.browserSession as Document).sessionId).toBe(sessionIdFor('brand-new'));
    expect(outcomes(results)).toEqual({ 'expired:applied': 3 });
    // One all-or-nothing statement that missed, then one per guard shape.
    expect(counting.statements()).toBeLessThanOrEqual(4);
  });

  it('removes the other over-limit sessions when the app made one of them current', async () => {
    const history = Array.from({ length: 15 }, (_, i) => session(`h${i}`, { ageDays: i + 1 }));
    const document = lead({ history });
    await leads.insertOne(document);
    const plans = await planFromDatabase();
    await leads.updateOne(
      { _id: document._id },
      { $set: { currentSessionId: sessionIdFor('h14'), 'browserSession.sessionId': sessionIdFor('h14') } },
    );

    const results = await applyDailyPlans(leads, plans);

    const kept = sessionIds(await leads.findOne({ _id: document._id }));
    expect(outcomes(results)).toEqual({ 'overLimit:applied': 4, 'overLimit:missed': 1 });
    expect(kept).toContain(sessionIdFor('h14'));
    expect(kept).not.toContain(sessionIdFor('h13'));
    expect(kept).toHaveLength(11);
  });

  it('leaves an entry the app repaired and removes the rest', async () => {
    const document = lead({
      history: [session('bad1', { cookies: 'x' }), session('bad2', { cookies: 'y' }), session('old', { ageDays: 90 })],
    });
    await leads.insertOne(document);
    const plans = await planFromDatabase();
    // The app fixes the cookies of one invalid session: it is no longer invalid, so it must stay.
    await leads.updateOne(
      { _id: document._id, 'sessionHistory.sessionId': sessionIdFor('bad1') },
      { $set: { 'sessionHistory.$.cookies': [] } },
    );

    const results = await applyDailyPlans(leads, plans);

    expect(sessionIds(await leads.findOne({ _id: document._id }))).toEqual([sessionIdFor('bad1')]);
    expect(outcomes(results)).toEqual({ 'invalid:applied': 1, 'invalid:missed': 1, 'expired:applied': 1 });
  });

  it('bumps __v once per statement that removed elements, never for a statement that removed none', async () => {
    const document = lead({ history: [session('e1', { ageDays: 50 }), session('keep')] });
    await leads.insertOne(document);
    const plans = await planFromDatabase();
    const appRemoval: Document = { $pull: { sessionHistory: { sessionId: sessionIdFor('e1') } } };
    await leads.updateOne({ _id: document._id }, appRemoval);

    await applyDailyPlans(leads, plans);

    expect((await leads.findOne({ _id: document._id }))?.__v).toBe(document.__v);
  });
});

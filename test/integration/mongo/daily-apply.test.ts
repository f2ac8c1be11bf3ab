import type { Collection, Document } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { planDailyCleanup } from '#shared/core/daily-planner.ts';
import { digestLead } from '#shared/core/session-digest.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { applyDailyPlans } from '#shared/mongo/apply-daily.ts';
import { readLeadDigests } from '#shared/mongo/lead-digests.ts';
import { lead, now, phantomBrowserSession, session, sessionIdFor } from '../../support/lead-fixtures.ts';
import { connectTestTarget } from '../embedded-mongo/target.ts';

const policy = { sessionExpiryDays: 30, maxSessionsPerLead: 10 };
let target: Awaited<ReturnType<typeof connectTestTarget>>;
let leads: Collection<Document>;

beforeAll(async () => {
  target = await connectTestTarget();
  leads = target.db.collection('daily_apply');
});
afterAll(async () => {
  await target.close();
});
beforeEach(async () => {
  await leads.deleteMany({});
});

async function planFromDatabase() {
  const digests = await readLeadDigests(leads, {});
  return digests.map((digest) => planDailyCleanup(classifyLead(digest), { now, policy }));
}

const sessionIds = (document: Document | null): string[] =>
  ((document?.sessionHistory ?? []) as Document[]).map((entry) => entry.sessionId as string);

describe('applyDailyPlans against the MongoDB wire protocol', () => {
  it('removes an expired current session everywhere, bumps __v once for the pull, and counts one session', async () => {
    const document = lead({ current: session('cur', { ageDays: 40 }), history: [session('keep', { ageDays: 2 })] });
    await leads.insertOne(document);
    const results = await applyDailyPlans(leads, await planFromDatabase());
    const stored = await leads.findOne({ _id: document._id });
    expect(results.map((r) => [r.removal.reason, r.outcome, r.removal.sessions])).toEqual([['expired', 'applied', 1]]);
    expect(stored?.browserSession).toBeUndefined();
    expect(stored?.currentSessionId).toBeNull();
    expect(sessionIds(stored)).toEqual([sessionIdFor('keep')]);
    expect(stored?.__v).toBe(4);
    expect(stored?.firstName).toBe('Ada');
  });

  it('unsets a phantom browserSession and pulls entries without a session id', async () => {
    const document = lead({
      browserSession: phantomBrowserSession(),
      history: [session('x', { id: null }), session('ok')],
    });
    await leads.insertOne(document);
    const results = await applyDailyPlans(leads, await planFromDatabase());
    const stored = await leads.findOne({ _id: document._id });
    expect(results.map((r) => [r.removal.detail, r.outcome])).toEqual([
      ['phantom-browser-session', 'applied'],
      ['missing-session-id', 'applied'],
    ]);
    expect(stored?.browserSession).toBeUndefined();
    expect(sessionIds(stored)).toEqual([sessionIdFor('ok')]);
  });

  it.each([
    ['cookies not an array', { cookies: 'sid=1' }],
    ['a cookie without a value', { cookies: [{ name: 'sid' }] }],
    ['localStorage a string', { localStorage: 'x' }],
    ['sessionStorage an array', { sessionStorage: ['x'] }],
  ])('removes an invalid session with %s through its guard', async (_label, options) => {
    const document = lead({ history: [session('bad', options), session('good')] });
    await leads.insertOne(document);
    const results = await applyDailyPlans(leads, await planFromDatabase());
    expect(results.map((r) => [r.removal.reason, r.outcome])).toEqual([['invalid', 'applied']]);
    expect(sessionIds(await leads.findOne({ _id: document._id }))).toEqual([sessionIdFor('good')]);
  });

  it('keeps the newest sessions and the current copy when over the limit', async () => {
    const history = Array.from({ length: 12 }, (_, i) => session(`h${i}`, { ageDays: i + 1 }));
    const document = lead({ current: session('cur', { ageDays: 25 }), history });
    await leads.insertOne(document);
    await applyDailyPlans(leads, await planFromDatabase());
    const kept = sessionIds(await leads.findOne({ _id: document._id }));
    expect(kept).toHaveLength(10);
    expect(kept).toContain(sessionIdFor('cur'));
    expect(kept).not.toContain(sessionIdFor('h11'));
  });

  it('clears a dangling currentSessionId', async () => {
    const document = lead({ history: [session('a')], currentSessionId: sessionIdFor('gone') });
    await leads.insertOne(document);
    await applyDailyPlans(leads, await planFromDatabase());
    expect((await leads.findOne({ _id: document._id }))?.currentSessionId).toBeNull();
  });

  it('changes nothing and counts zero when the same plan is applied twice (idempotent)', async () => {
    await leads.insertMany([
      lead({ current: session('c1', { ageDays: 45 }), history: [session('o1', { createdAt: 'x' })] }),
      lead({ history: Array.from({ length: 14 }, (_, i) => session(`m${i}`, { ageDays: i + 1 })) }),
    ]);
    const plans = await planFromDatabase();
    const first = await applyDailyPlans(leads, plans);
    const snapshot = await leads.find({}).toArray();
    const second = await applyDailyPlans(leads, plans);
    expect(first.every((r) => r.outcome === 'applied')).toBe(true);
    expect(second.every((r) => r.outcome === 'applied')).toBe(true);
    expect(await leads.find({}).toArray()).toEqual(snapshot);
  });

  it('misses (and says so) a removal whose guard no longer holds because the app made the session current', async () => {
    const history = Array.from({ length: 11 }, (_, i) => session(`h${i}`, { ageDays: i + 1 }));
    const document = lead({ history });
    await leads.insertOne(document);
    const plans = await planFromDatabase();
    // The app restores the oldest session as current between our read and our write.
    await leads.updateOne(
      { _id: document._id },
      { $set: { currentSessionId: sessionIdFor('h10'), 'browserSession.sessionId': sessionIdFor('h10') } },
    );
    const results = await applyDailyPlans(leads, plans);
    expect(results.map((r) => [r.removal.sessionId, r.outcome])).toEqual([[sessionIdFor('h10'), 'missed']]);
    expect(sessionIds(await leads.findOne({ _id: document._id }))).toContain(sessionIdFor('h10'));
  });

  it('never builds an update path from a storage key with dots or dollars', async () => {
    const storage = { 'persist:root': '{}', 'a.b': '1', $x: '2' };
    const document = lead({
      history: [session('old', { ageDays: 50, localStorage: storage }), session('new', { localStorage: storage })],
    });
    await leads.insertOne(document);
    await applyDailyPlans(leads, await planFromDatabase());
    const stored = await leads.findOne({ _id: document._id });
    expect(sessionIds(stored)).toEqual([sessionIdFor('new')]);
    expect((stored?.sessionHistory as Document[])[0]?.localStorage).toEqual(storage);
  });
});

describe('digest aggregation', () => {
  it('computes in the database the same digest as the core computes from the document', async () => {
    const documents = [
      lead({
        current: session('c'),
        history: [session('a', { cookies: [{ name: 1, value: 'x' }, 'junk'] }), session('b', { localStorage: 'str' })],
      }),
      lead({ browserSession: {}, history: { notAnArray: true } }),
      lead({ history: [session('e', { cookies: { encrypted: 'ff', iv: '00', _encrypted: true } }), 'junk', 7] }),
    ];
    await leads.insertMany(documents);
    const fromDatabase = await readLeadDigests(leads, {});
    const stored = await leads.find({}, { sort: { _id: 1 }, promoteValues: false }).toArray();
    expect(fromDatabase).toEqual(stored.map((document) => digestLead(document)));
  });
});

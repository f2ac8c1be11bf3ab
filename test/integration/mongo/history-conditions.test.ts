import type { Collection, Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupQuery, historyCountExpression, type HistoryConditionGroup } from '#shared/mongo/history-conditions.ts';
import { cookie, daysAgo, lead, session, sessionIdFor } from '../../support/lead-fixtures.ts';
import { connectTestTarget } from '../embedded-mongo/target.ts';

/**
 * The daily statement pulls with a query and counts what it will pull with an aggregation expression. Both
 * spellings must select the same history entries, or every statement would miss and fall back. The entries that
 * are not documents are never pulled by a condition on fields (MongoDB's `$pull` skips them) nor counted.
 */
let target: Awaited<ReturnType<typeof connectTestTarget>>;
let leads: Collection<Document>;

const ids = ['a', 'b'].map(sessionIdFor);
const entries: [string, unknown][] = [
  ['a valid fresh session', session('a')],
  ['an expired session', session('a', { ageDays: 40 })],
  ['an expired session of another id', session('z', { ageDays: 40 })],
  ['createdAt a string', session('a', { createdAt: '2026-01-01' })],
  ['createdAt missing', session('b', { createdAt: undefined })],
  ['createdAt null', session('b', { createdAt: null })],
  ['no sessionId', session('x', { id: null })],
  ['an empty sessionId', session('x', { id: '' })],
  ['a numeric sessionId', session('x', { extra: { sessionId: 42 } })],
  ['cookies a string', session('a', { cookies: 'sid=1' })],
  ['cookies null', session('a', { cookies: null })],
  ['cookies missing', session('a', { cookies: undefined })],
  ['cookies encrypted', session('a', { cookies: { encrypted: 'ff', iv: '00', _encrypted: true } })],
  ['cookies a plain document', session('b', { cookies: { sid: '1' } })],
  ['a cookie without value', session('a', { cookies: [{ name: 'sid' }] })],
  ['a cookie with a numeric name', session('a', { cookies: [cookie('ok', 'v'), { name: 7, value: 'v' }] })],
  ['a cookie that is a string', session('a', { cookies: ['sid=1'] })],
  ['localStorage a string', session('a', { localStorage: 'x' })],
  ['localStorage an array', session('a', { localStorage: ['x'] })],
  ['localStorage an array of documents', session('b', { localStorage: [{}] })],
  ['localStorage null', session('b', { localStorage: null })],
  ['sessionStorage an array', session('a', { sessionStorage: [] })],
  ['sessionStorage a number', session('b', { sessionStorage: 5 })],
  ['an entry that is a string', 'junk'],
  ['an entry that is null', null],
];

const cutoff = daysAgo(30);
const groups: [string, HistoryConditionGroup][] = [
  ['withoutSessionId', { kind: 'withoutSessionId' }],
  ['createdAtNotDate', { kind: 'createdAtNotDate', sessionIds: ids }],
  ['createdAtBefore', { kind: 'createdAtBefore', sessionIds: ids, cutoff }],
  ['sessionId', { kind: 'sessionId', sessionIds: ids }],
  ['invalid cookies-not-array', { kind: 'invalid', sessionIds: ids, invalid: 'cookies-not-array' }],
  [
    'invalid cookie-without-name-or-value',
    { kind: 'invalid', sessionIds: ids, invalid: 'cookie-without-name-or-value' },
  ],
  ['invalid local-storage-wrong-type', { kind: 'invalid', sessionIds: ids, invalid: 'local-storage-wrong-type' }],
  ['invalid session-storage-wrong-type', { kind: 'invalid', sessionIds: ids, invalid: 'session-storage-wrong-type' }],
];

beforeAll(async () => {
  target = await connectTestTarget();
  leads = target.db.collection('history_conditions');
});
afterAll(async () => {
  await target.close();
});

async function reset(): Promise<void> {
  await leads.deleteMany({});
  await leads.insertMany(entries.map(([label, entry]) => ({ ...lead({ history: [entry] }), label })));
}

const labels = async (filter: Document): Promise<string[]> =>
  (await leads.find(filter, { projection: { label: 1 }, sort: { label: 1 } }).toArray()).map(
    (document) => document.label as string,
  );

describe('history removal conditions: the pull and the counting expression agree', () => {
  it.each(groups)('%s selects the same entries both ways', async (_name, group) => {
    // Prepare
    await reset();
    const byExpression = await labels({ $expr: historyCountExpression([group], 1) });
    // Act: the pull itself, as the daily statement sends it.
    const pull: Document = { $pull: { sessionHistory: groupQuery(group) } };
    await leads.updateMany({}, pull);
    // Assess: the leads whose only entry the pull took are the ones the expression counted.
    const pulled = await labels({ sessionHistory: { $size: 0 } });
    expect(byExpression).toEqual(pulled);
    expect(pulled).not.toEqual([]);
  });
});

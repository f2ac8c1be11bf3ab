import { describe, expect, it } from 'vitest';
import { cutoffBefore } from '#shared/core/config.ts';
import { planDailyCleanup } from '#shared/core/daily-planner.ts';
import { digestLead } from '#shared/core/session-digest.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { lead, now, phantomBrowserSession, session, sessionIdFor } from '../../support/lead-fixtures.ts';

const policy = { sessionExpiryDays: 30, maxSessionsPerLead: 10 };
const plan = (document: Record<string, unknown>, overrides: Partial<typeof policy> = {}) =>
  planDailyCleanup(classifyLead(digestLead(document)), { now, policy: { ...policy, ...overrides } });
const reasons = (document: Record<string, unknown>, overrides: Partial<typeof policy> = {}) =>
  plan(document, overrides).removals.map((r) => [r.reason, r.sessionId, r.detail]);
const cutoff = cutoffBefore(now, 30);

describe('planDailyCleanup: expired', () => {
  it('removes a history session older than the expiry, guarded by its creation date', () => {
    const result = plan(lead({ history: [session('old', { ageDays: 31 }), session('new', { ageDays: 29 })] }));
    expect(result.removals).toEqual([
      {
        reason: 'expired',
        detail: null,
        sessionId: sessionIdFor('old'),
        sessions: 1,
        entries: 1,
        writes: [
          {
            kind: 'pullHistoryEntries',
            condition: { kind: 'createdAtBefore', sessionId: sessionIdFor('old'), cutoff },
            onlyIfNotCurrent: null,
          },
        ],
      },
    ]);
  });

  it('keeps a session exactly at the expiry age (older than, not as old as)', () => {
    expect(plan(lead({ history: [session('edge', { ageDays: 30 })] })).removals).toEqual([]);
  });

  it('removes an expired current session from browserSession, currentSessionId and history as one session', () => {
    const result = plan(lead({ current: session('cur', { ageDays: 40 }) }));
    expect(result.removals).toHaveLength(1);
    const [removal] = result.removals;
    expect(removal).toMatchObject({ reason: 'expired', sessions: 1, entries: 2 });
    expect(removal?.writes.map((w) => w.kind)).toEqual([
      'unsetBrowserSession',
      'clearCurrentSessionId',
      'pullHistoryEntries',
    ]);
    expect(removal?.writes[0]).toEqual({
      kind: 'unsetBrowserSession',
      condition: { kind: 'createdAtBefore', sessionId: sessionIdFor('cur'), cutoff },
    });
    expect(removal?.writes[1]).toEqual({
      kind: 'clearCurrentSessionId',
      sessionId: sessionIdFor('cur'),
      onlyIfDangling: false,
    });
  });

  it('honours a shorter expiry from the policy (--days)', () => {
    expect(reasons(lead({ history: [session('s', { ageDays: 15 })] }), { sessionExpiryDays: 14 })).toEqual([
      ['expired', sessionIdFor('s'), null],
    ]);
  });
});

describe('planDailyCleanup: orphaned', () => {
  it.each([
    ['the Mongoose default browserSession (phantom)', { browserSession: phantomBrowserSession() }],
    ['an empty browserSession', { browserSession: {} }],
  ])('unsets %s without counting it as a session', (_label, options) => {
    const [removal] = plan(lead(options)).removals;
    expect(removal).toEqual({
      reason: 'orphaned',
      detail: 'phantom-browser-session',
      sessionId: null,
      sessions: 0,
      entries: 1,
      writes: [{ kind: 'unsetBrowserSession', condition: { kind: 'phantom' } }],
    });
  });

  it('pulls history entries without a session id in one write and counts the entries', () => {
    const [removal] = plan(
      lead({ history: [session('a', { id: null }), session('b', { id: null }), session('c')] }),
    ).removals;
    expect(removal).toMatchObject({ reason: 'orphaned', detail: 'missing-session-id', sessions: 0, entries: 2 });
    expect(removal?.writes).toEqual([
      { kind: 'pullHistoryEntries', condition: { kind: 'withoutSessionId' }, onlyIfNotCurrent: null },
    ]);
  });

  it('removes a history session without a valid createdAt, guarded by that', () => {
    const [removal] = plan(lead({ history: [session('s', { createdAt: '2026-01-01' })] })).removals;
    expect(removal).toMatchObject({ reason: 'orphaned', detail: 'invalid-created-at', sessions: 1 });
    expect(removal?.writes).toEqual([
      {
        kind: 'pullHistoryEntries',
        condition: { kind: 'createdAtNotDate', sessionId: sessionIdFor('s') },
        onlyIfNotCurrent: null,
      },
    ]);
  });

  it('clears a currentSessionId that names no stored session, only while it still dangles', () => {
    const [removal] = plan(lead({ history: [session('a')], currentSessionId: sessionIdFor('gone') })).removals;
    expect(removal).toEqual({
      reason: 'orphaned',
      detail: 'dangling-current-session-id',
      sessionId: sessionIdFor('gone'),
      sessions: 0,
      entries: 0,
      writes: [{ kind: 'clearCurrentSessionId', sessionId: sessionIdFor('gone'), onlyIfDangling: true }],
    });
  });

  it('keeps a current session without a valid createdAt and notes it', () => {
    const result = plan(lead({ current: session('cur', { createdAt: undefined }) }));
    expect(result.removals).toEqual([]);
    expect(result.notes).toContainEqual({
      kind: 'current-session-without-valid-created-at',
      sessionId: sessionIdFor('cur'),
    });
  });
});

describe('planDailyCleanup: invalid', () => {
  it.each([
    ['cookies not an array', { cookies: {} }, 'cookies-not-array'],
    ['a cookie without name', { cookies: [{ value: 'x' }] }, 'cookie-without-name-or-value'],
    ['localStorage a string', { localStorage: 'x' }, 'local-storage-wrong-type'],
    ['sessionStorage an array', { sessionStorage: ['x'] }, 'session-storage-wrong-type'],
  ])('removes a session with %s, guarded by that defect', (_label, options, invalid) => {
    const [removal] = plan(lead({ history: [session('bad', options)] })).removals;
    expect(removal).toMatchObject({ reason: 'invalid', detail: invalid, sessions: 1 });
    expect(removal?.writes).toEqual([
      {
        kind: 'pullHistoryEntries',
        condition: { kind: 'invalid', sessionId: sessionIdFor('bad'), invalid },
        onlyIfNotCurrent: null,
      },
    ]);
  });

  it('never removes an encrypted payload as invalid', () => {
    const envelope = { encrypted: 'ff', iv: '00', _encrypted: true };
    const result = plan(
      lead({ history: [session('enc', { cookies: envelope, localStorage: envelope, sessionStorage: envelope })] }),
    );
    expect(result.removals).toEqual([]);
    expect(result.notes).toContainEqual({ kind: 'encrypted-payload-kept', sessionId: sessionIdFor('enc') });
  });

  it('counts an expired invalid session once, as expired', () => {
    expect(reasons(lead({ history: [session('both', { ageDays: 45, cookies: 'broken' })] }))).toEqual([
      ['expired', sessionIdFor('both'), null],
    ]);
  });
});

describe('planDailyCleanup: over limit', () => {
  const history = (count: number) => Array.from({ length: count }, (_, i) => session(`h${i}`, { ageDays: i + 1 }));

  it('keeps the newest sessions by createdAt and removes the rest', () => {
    const result = plan(lead({ history: history(13) }));
    expect(result.removals.map((r) => [r.reason, r.sessionId])).toEqual([
      ['overLimit', sessionIdFor('h10')],
      ['overLimit', sessionIdFor('h11')],
      ['overLimit', sessionIdFor('h12')],
    ]);
    expect(result.removals[0]?.writes).toEqual([
      {
        kind: 'pullHistoryEntries',
        condition: { kind: 'sessionId', sessionId: sessionIdFor('h10') },
        onlyIfNotCurrent: sessionIdFor('h10'),
      },
    ]);
  });

  it('keeps the history copy of the current session when over the limit, and counts it toward the limit', () => {
    const current = session('cur', { ageDays: 20 });
    const result = plan(lead({ current, history: history(12) }));
    const removed = result.removals.map((r) => r.sessionId);
    expect(removed).not.toContain(sessionIdFor('cur'));
    // 13 history sessions, limit 10: the current (oldest) is kept, so the 3 oldest others go.
    expect(removed).toEqual([sessionIdFor('h9'), sessionIdFor('h10'), sessionIdFor('h11')]);
  });

  it('applies the limit after the other rules, so a removed session is not counted again', () => {
    const result = plan(lead({ history: [...history(10), session('expired', { ageDays: 60 })] }));
    expect(result.removals.map((r) => r.reason)).toEqual(['expired']);
  });

  it('does nothing at exactly the limit', () => {
    expect(plan(lead({ history: history(10) })).removals).toEqual([]);
  });

  it('handles hundreds of history entries (large histories)', () => {
    const result = plan(
      lead({ history: Array.from({ length: 400 }, (_, i) => session(`big${i}`, { ageDays: (i % 29) + 0.1 })) }),
    );
    expect(result.removals).toHaveLength(390);
    expect(new Set(result.removals.map((r) => r.reason))).toEqual(new Set(['overLimit']));
  });
});

describe('planDailyCleanup: robustness', () => {
  it('notes a sessionHistory that is not an array and removes nothing from it', () => {
    const result = plan(lead({ history: 'corrupt' }));
    expect(result.removals).toEqual([]);
    expect(result.notes).toContainEqual({ kind: 'history-not-array', sessionId: null });
  });

  it('gives every removal exactly one reason and never a session twice', () => {
    const document = lead({
      current: session('cur', { ageDays: 2 }),
      history: [
        session('exp', { ageDays: 50, cookies: 'x' }),
        session('orph', { createdAt: null }),
        session('inv', { localStorage: 'x' }),
        ...Array.from({ length: 12 }, (_, i) => session(`n${i}`, { ageDays: i + 3 })),
      ],
      browserSession: undefined,
    });
    const ids = plan(document).removals.map((r) => r.sessionId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

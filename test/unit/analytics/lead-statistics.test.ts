import { describe, expect, it } from 'vitest';
import { largeSessionBytes } from '#shared/core/analytics/index.ts';
import { lead, phantomBrowserSession, session, sessionIdFor } from '../../support/lead-fixtures.ts';
import { before, fixtureContext, statisticsOf } from './collect-helpers.ts';

describe('collectLeadStatistics: what a session is', () => {
  it('counts the current session stored twice (browserSession and history) once, its bytes once per copy stored', () => {
    // Prepare
    const current = session('current', { ageDays: 2 });
    const document = lead({ current, history: [session('older', { ageDays: 5 })] });
    // Act
    const { counts } = statisticsOf([document]);
    // Assess
    expect(counts).toMatchObject({ leadsSeen: 1, leadsWithSessions: 1, sessions: 2, activeSessions: 1 });
    expect(counts.storedBytes).toBeGreaterThan(counts.sessionBytes);
    expect(counts.repeatedHistoryEntries).toBe(0);
  });

  it.each([
    ['the Mongoose default browserSession', phantomBrowserSession(), 'phantom-default-browser-session'],
    ['an empty browserSession', {}, 'phantom-empty-browser-session'],
  ] as const)('does not count %s as a session, but as an orphan of its kind', (_label, browserSession, kind) => {
    const statistics = statisticsOf([lead({ browserSession })]);
    expect(statistics.counts).toMatchObject({ leadsSeen: 1, leadsWithSessions: 0, sessions: 0, activeSessions: 0 });
    expect(statistics.orphanedByKind[kind]).toBe(1);
  });

  it('counts history entries without a sessionId as orphans, not sessions', () => {
    const statistics = statisticsOf([lead({ history: [session('a', { id: null }), session('b', { id: '' })] })]);
    expect(statistics.counts.sessions).toBe(0);
    expect(statistics.orphanedByKind['missing-session-id']).toBe(2);
  });

  it('counts a currentSessionId naming no stored session as a dangling pointer', () => {
    const statistics = statisticsOf([lead({ history: [session('a')], currentSessionId: sessionIdFor('gone') })]);
    expect(statistics.orphanedByKind['dangling-current-session-id']).toBe(1);
    expect(statistics.counts.sessions).toBe(1);
  });

  it('counts a session repeated in history once, and its extra copies as repeated entries', () => {
    const repeated = session('r', { ageDays: 3 });
    const { counts } = statisticsOf([lead({ history: [repeated, { ...repeated }, { ...repeated }] })]);
    expect(counts.sessions).toBe(1);
    expect(counts.repeatedHistoryEntries).toBe(2);
  });

  it('maps a lead type outside the app’s four to unknown, without keeping the stored value', () => {
    const statistics = statisticsOf([{ ...lead({ history: [session('t')] }), leadType: 'vip-secret' }]);
    expect(statistics.byLeadType.unknown).toEqual({ leads: 1, leadsWithSessions: 1, sessions: 1, activeSessions: 0 });
    expect(JSON.stringify(statistics)).not.toContain('vip-secret');
  });
});

describe('collectLeadStatistics: health', () => {
  it('counts invalid sessions by kind and a session without a valid createdAt as orphaned', () => {
    const statistics = statisticsOf([
      lead({
        history: [
          session('ok'),
          session('bad-cookies', { cookies: 'sid=1' }),
          session('bad-storage', { localStorage: '{}' }),
          session('undated', { createdAt: '2026-11-01' }),
        ],
      }),
    ]);
    expect(statistics.counts.sessions).toBe(4);
    expect(statistics.counts.validSessions).toBe(1);
    expect(statistics.invalidByKind).toMatchObject({ 'cookies-not-array': 1, 'local-storage-wrong-type': 1 });
    expect(statistics.orphanedByKind['invalid-created-at']).toBe(1);
    expect(statistics.ageHistogram.unknown).toBe(1);
  });

  it.each([
    { label: 'exactly 30 days old', extraMs: 0, expired: false },
    { label: '30 days and 1 ms old', extraMs: 1, expired: true },
  ])('treats a session $label as expired: $expired', ({ extraMs, expired }) => {
    const { counts } = statisticsOf([lead({ history: [session('e', { createdAt: before(30, extraMs) })] })]);
    expect(counts.expiredSessions).toBe(expired ? 1 : 0);
    expect(counts.validUnexpiredSessions).toBe(expired ? 0 : 1);
  });

  it.each([
    { label: 'expires exactly now', ageDays: 30, extraMs: 0, expected: 1 },
    { label: 'expires in 7 days less 1 ms', ageDays: 23, extraMs: 1, expected: 1 },
    { label: 'expires in exactly 7 days', ageDays: 23, extraMs: 0, expected: 0 },
    { label: 'has already expired', ageDays: 30, extraMs: 1, expected: 0 },
  ])('counts a lead whose session $label as expiring within 7 days: $expected', ({ ageDays, extraMs, expected }) => {
    const { counts } = statisticsOf([lead({ history: [session('x', { createdAt: before(ageDays, extraMs) })] })]);
    expect(counts.leadsWithSessionsExpiringWithin7Days).toBe(expected);
  });

  it('counts a lead among those whose active session expires soon only for its active session', () => {
    const onlyHistoryExpiring = lead({
      current: session('new', { ageDays: 1 }),
      history: [session('old', { ageDays: 25 })],
    });
    const activeExpiring = lead({ current: session('ageing', { ageDays: 25 }) });
    const { counts } = statisticsOf([onlyHistoryExpiring, activeExpiring]);
    expect(counts.leadsWithSessionsExpiringWithin7Days).toBe(2);
    expect(counts.leadsWithActiveSessionExpiringWithin7Days).toBe(1);
  });

  it.each([
    { label: 'a clean lead', document: () => lead({ history: [session('ok')] }), expected: 0 },
    {
      label: 'a phantom browserSession',
      document: () => lead({ browserSession: phantomBrowserSession() }),
      expected: 1,
    },
    { label: 'a history that is not an array', document: () => lead({ history: 'not an array' }), expected: 1 },
    {
      label: 'an invalid session and a dangling pointer (two problems, one lead)',
      document: () => lead({ history: [session('bad', { cookies: 'sid=1' })], currentSessionId: 'session_gone' }),
      expected: 1,
    },
  ])('counts $label as $expected lead with integrity problems', ({ document, expected }) => {
    expect(statisticsOf([document()]).counts.leadsWithIntegrityProblems).toBe(expected);
  });

  it('counts encrypted payloads as encrypted and valid, and malformed viewports and broken histories apart', () => {
    const envelope = { encrypted: 'ab', iv: 'cd', _encrypted: true };
    const statistics = statisticsOf([
      lead({ history: [session('enc', { cookies: envelope }), session('vp', { viewport: '1366x768' })] }),
      lead({ history: 'not an array' }),
    ]);
    expect(statistics.counts).toMatchObject({
      encryptedSessions: 1,
      validSessions: 2,
      malformedViewports: 1,
      historyNotArray: 1,
    });
  });

  it('counts history sessions beyond the per-lead limit, the current pair once', () => {
    const history = Array.from({ length: 11 }, (_, index) => session(`h${index}`, { ageDays: index + 1 }));
    const { counts } = statisticsOf([lead({ current: session('now', { ageDays: 0.5 }), history })]);
    expect(counts.sessions).toBe(12);
    expect(counts.sessionsOverLimit).toBe(2);
  });
});

describe('collectLeadStatistics: usage and time', () => {
  it.each([
    { label: 'exactly 7 days ago', days: 7, extraMs: 0, expected: 1 },
    { label: '7 days and 1 ms ago', days: 7, extraMs: 1, expected: 0 },
  ])('counts a lead last accessed $label as accessed in the last 7 days: $expected', ({ days, extraMs, expected }) => {
    const document = lead({
      history: [session('a', { ageDays: 20, extra: { lastAccessedAt: before(days, extraMs) } })],
    });
    expect(statisticsOf([document]).counts.leadsAccessedLast7Days).toBe(expected);
  });

  it.each([
    { label: 'exactly 14 days ago', days: 14, extraMs: 0, expected: 1 },
    { label: '14 days less 1 ms ago', days: 14, extraMs: -1, expected: 0 },
  ])(
    'counts an active session last accessed $label as unused for 14 days: $expected',
    ({ days, extraMs, expected }) => {
      const document = lead({
        current: session('c', { ageDays: 20, extra: { lastAccessedAt: before(days, extraMs) } }),
      });
      expect(statisticsOf([document]).counts.activeSessionsUnusedFor14Days).toBe(expected);
    },
  );

  it('sums ages in whole seconds over dated sessions only, for the average', () => {
    const { counts } = statisticsOf([
      lead({
        history: [session('one', { ageDays: 1 }), session('three', { ageDays: 3 }), session('x', { createdAt: null })],
      }),
    ]);
    expect(counts.sessionsWithValidCreatedAt).toBe(2);
    expect(counts.sessionAgeSecondsSum).toBe(4 * 86_400);
  });

  it('counts sessions created and accessed within the period, start included and end excluded', () => {
    const { start, end } = fixtureContext.period;
    const at = (date: Date) => session(`p${date.getTime()}`, { createdAt: date, extra: { lastAccessedAt: date } });
    const { counts } = statisticsOf([
      lead({ history: [at(start), at(new Date(end.getTime() - 1)), at(end), at(new Date(start.getTime() - 1))] }),
    ]);
    expect(counts.sessionsCreatedInPeriod).toBe(2);
    expect(counts.sessionsAccessedInPeriod).toBe(2);
  });

  it('counts sessions created within the last 30 days, and keeps the most recent createdAt', () => {
    const statistics = statisticsOf([
      lead({ history: [session('in', { createdAt: before(30) }), session('out', { createdAt: before(30, 1) })] }),
      lead({ history: [session('newest', { createdAt: before(0.25) })] }),
    ]);
    expect(statistics.counts.sessionsCreatedLast30Days).toBe(2);
    expect(statistics.mostRecentSessionAt).toBe(before(0.25).toISOString());
  });

  it.each([
    [0.5, '<1d'],
    [1, '1-7d'],
    [6.99, '1-7d'],
    [7, '7-14d'],
    [14, '14-30d'],
    [30, '30-60d'],
    [60, '60-90d'],
    [90, '>90d'],
    [400, '>90d'],
  ] as const)('puts a session %s days old in the %s age bucket', (ageDays, bucket) => {
    const statistics = statisticsOf([lead({ history: [session('age', { createdAt: before(ageDays) })] })]);
    expect(statistics.ageHistogram[bucket]).toBe(1);
  });
});

describe('collectLeadStatistics: storage', () => {
  const compressed = (label: string, originalBytes: number, storedBytes: number) => {
    const entry = session(label, { ageDays: 20, extra: { compressedPayload: { originalBytes, storedBytes } } });
    delete entry.cookies;
    delete entry.localStorage;
    delete entry.sessionStorage;
    return entry;
  };

  it('sums the original and stored bytes of compressed sessions', () => {
    const { counts } = statisticsOf([lead({ history: [compressed('z1', 9000, 3000), compressed('z2', 1000, 500)] })]);
    expect(counts).toMatchObject({
      compressedSessions: 2,
      compressedOriginalBytes: 10_000,
      compressedStoredBytes: 3500,
    });
    expect(counts.compressionCandidates).toBe(0);
  });

  it('finds the sessions worth compressing: old or over 50 KiB history copies, not current, not encrypted', () => {
    const big = { blob: 'x'.repeat(largeSessionBytes) };
    const envelope = { encrypted: 'ab', iv: 'cd', _encrypted: true };
    const statistics = statisticsOf([
      lead({
        current: session('current-old', { ageDays: 20 }),
        history: [
          session('old', { ageDays: 8 }),
          session('young', { ageDays: 2 }),
          session('young-large', { ageDays: 2, localStorage: big }),
          session('old-encrypted', { ageDays: 9, localStorage: envelope }),
        ],
      }),
    ]);
    expect(statistics.counts).toMatchObject({
      uncompressedOldSessions: 2,
      compressionCandidates: 2,
      sessionsOver50KB: 1,
    });
    expect(statistics.largestSessionBytes).toBeGreaterThan(largeSessionBytes);
  });

  it('uses the context’s compression age', () => {
    const document = lead({ history: [session('five', { ageDays: 5 })] });
    const policy = { ...fixtureContext.policy, compressionAfterDays: 3 };
    expect(statisticsOf([document]).counts.uncompressedOldSessions).toBe(0);
    expect(statisticsOf([document], { ...fixtureContext, policy }).counts.uncompressedOldSessions).toBe(1);
  });
});

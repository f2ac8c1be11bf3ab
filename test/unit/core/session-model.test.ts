import { describe, expect, it } from 'vitest';
import { digestLead } from '#shared/core/session-digest.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { cookie, lead, phantomBrowserSession, session, sessionIdFor } from '../../support/lead-fixtures.ts';

const classify = (document: Record<string, unknown>) => classifyLead(digestLead(document));

describe('classifyLead', () => {
  it('counts the current session stored twice (browserSession and history) as one session', () => {
    const classified = classify(lead({ current: session('current'), history: [session('old', { ageDays: 3 })] }));
    expect(classified.sessions).toHaveLength(2);
    const current = classified.sessions.find((s) => s.isCurrent);
    expect(current?.entries).toHaveLength(2);
    expect(current?.primary.location).toEqual({ kind: 'current' });
    expect(classified.currentSessionId).toBe(sessionIdFor('current'));
  });

  it('does not count the Mongoose default browserSession as a session (phantom)', () => {
    const classified = classify(lead({ browserSession: phantomBrowserSession() }));
    expect(classified.sessions).toEqual([]);
    expect(classified.phantomBrowserSession).toBe('default-browser-session');
  });

  it('recognises an empty browserSession left by an earlier expiry', () => {
    expect(classify(lead({ browserSession: {} })).phantomBrowserSession).toBe('empty-browser-session');
  });

  it.each([
    ['cookies not an array', { cookies: 'sid=1' }, 'cookies-not-array'],
    ['cookies null', { cookies: null }, 'cookies-not-array'],
    ['a cookie without a value', { cookies: [{ name: 'sid' }] }, 'cookie-without-name-or-value'],
    ['a cookie with a numeric name', { cookies: [{ name: 3, value: 'x' }] }, 'cookie-without-name-or-value'],
    ['a cookie that is a string', { cookies: ['sid=1'] }, 'cookie-without-name-or-value'],
    ['localStorage a string', { localStorage: '{"a":1}' }, 'local-storage-wrong-type'],
    ['localStorage an array', { localStorage: [] }, 'local-storage-wrong-type'],
    ['sessionStorage a number', { sessionStorage: 3 }, 'session-storage-wrong-type'],
  ])('classifies a session with %s as invalid (%s)', (_label, options, kind) => {
    const classified = classify(lead({ history: [session('bad', options)] }));
    expect(classified.sessions[0]?.health).toEqual({ kind: 'invalid', invalid: kind });
  });

  it.each([
    ['missing', undefined],
    ['a string', '2026-11-01T00:00:00Z'],
    ['an invalid date', new Date(Number.NaN)],
  ])('classifies a history session whose createdAt is %s as orphaned', (_label, createdAt) => {
    const classified = classify(lead({ history: [session('undated', { createdAt })] }));
    expect(classified.sessions[0]?.health).toEqual({ kind: 'orphaned', orphan: 'invalid-created-at' });
  });

  it('treats an encrypted payload as opaque and valid, never as invalid data', () => {
    const envelope = { encrypted: 'ab12', iv: 'cd34', _encrypted: true };
    const classified = classify(lead({ history: [session('enc', { cookies: envelope, localStorage: envelope })] }));
    expect(classified.sessions[0]?.health).toEqual({ kind: 'valid' });
    expect(classified.sessions[0]?.encrypted).toBe(true);
  });

  it('accepts localStorage keys with dots and dollar signs as ordinary data', () => {
    const storage = { 'persist:root': '{"auth":"{}"}', 'a.b': '1', $x: '2' };
    expect(classify(lead({ history: [session('keys', { localStorage: storage })] })).sessions[0]?.health.kind).toBe(
      'valid',
    );
  });

  it('lists history entries without a session id apart from the sessions', () => {
    const classified = classify(
      lead({ history: [session('a', { id: null }), session('b', { id: '' }), 'junk', session('c')] }),
    );
    expect(classified.entriesWithoutSessionId.map((e) => e.location)).toEqual([
      { kind: 'history', index: 0 },
      { kind: 'history', index: 1 },
    ]);
    expect(classified.nonDocumentHistoryEntries).toBe(1);
    expect(classified.sessions.map((s) => s.sessionId)).toEqual([sessionIdFor('c')]);
  });

  it('finds a currentSessionId that names no stored session', () => {
    const classified = classify(lead({ history: [session('a')], currentSessionId: sessionIdFor('gone') }));
    expect(classified.danglingCurrentSessionId).toBe(sessionIdFor('gone'));
    expect(classified.currentSessionId).toBeNull();
  });

  it.each([
    ['an object', { 0: session('x') }],
    ['a string', 'none'],
  ])('does not crash when sessionHistory is %s', (_label, history) => {
    const classified = classify(lead({ history }));
    expect(classified.historyNotArray).toBe(true);
    expect(classified.sessions).toEqual([]);
  });

  it('counts a viewport that is a string as malformed without making the session invalid', () => {
    const classified = classify(lead({ history: [session('v', { viewport: '1366x768' })] }));
    expect(classified.malformedViewports).toBe(1);
    expect(classified.sessions[0]?.health.kind).toBe('valid');
  });

  it('marks a compressed session', () => {
    const compressed = session('z', { extra: { compressedPayload: { originalBytes: 900, storedBytes: 300 } } });
    delete compressed.cookies;
    delete compressed.localStorage;
    delete compressed.sessionStorage;
    const classified = classify(lead({ history: [compressed] }));
    expect(classified.sessions[0]?.compressed).toBe(true);
    expect(classified.sessions[0]?.health.kind).toBe('valid');
  });

  it('reads the lead type and maps anything else to unknown', () => {
    expect(classify({ ...lead(), leadType: 'live' }).leadType).toBe('live');
    expect(classify({ ...lead(), leadType: 42 }).leadType).toBe('unknown');
  });

  it('keeps cookies with 1970 expiry dates as valid data', () => {
    const stale = cookie('_ga', 'GA1.2', { expires: new Date(1_790_000_000) });
    expect(classify(lead({ history: [session('c', { cookies: [stale] })] })).sessions[0]?.health.kind).toBe('valid');
  });
});

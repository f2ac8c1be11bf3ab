import { Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { SessionNotExportableError, toStorageState } from '#shared/core/storage-state.ts';
import { cookie, session } from '../../support/lead-fixtures.ts';

describe('toStorageState', () => {
  it('converts cookies to Playwright form, correcting 1970 expiry dates to real seconds', () => {
    const state = toStorageState(
      session('s', {
        cookies: [
          cookie('_ga', 'GA1.2.3', { expires: new Date(1_790_000_000) }),
          cookie('sid', 'abc', { expires: new Date(-1) }),
          cookie('pref', 'x', { expires: new Date('2027-01-01T00:00:00Z'), sameSite: 'weird' }),
        ],
      }),
    );
    expect(state.cookies.map((c) => [c.name, c.expires, c.sameSite])).toEqual([
      ['_ga', 1_790_000_000, 'Lax'],
      ['sid', -1, 'Lax'],
      ['pref', 1_798_761_600, 'Lax'],
    ]);
  });

  it('puts localStorage and sessionStorage under the origin from metadata.domain, values as strings', () => {
    const state = toStorageState(
      session('s', {
        localStorage: { 'persist:root': '{"a":"1"}', count: new Int32(3) },
        sessionStorage: { tab: '2' },
        extra: { metadata: { domain: 'crm.broker.example' } },
      }),
    );
    expect(state.origins).toEqual([
      {
        origin: 'https://crm.broker.example',
        localStorage: [
          { name: 'persist:root', value: '{"a":"1"}' },
          { name: 'count', value: '3' },
        ],
        sessionStorage: [{ name: 'tab', value: '2' }],
      },
    ]);
  });

  it('falls back to the most common cookie domain for the origin', () => {
    expect(toStorageState(session('s', { localStorage: { a: '1' } })).origins[0]?.origin).toBe(
      'https://broker.example',
    );
  });

  it.each([
    ['an encrypted payload', { cookies: { encrypted: 'ff', iv: '00', _encrypted: true } }, 'encrypted'],
    ['cookies that are not a list', { cookies: 'sid=1' }, 'not a list'],
  ])('refuses %s with a clear error', (_label, options, message) => {
    expect(() => toStorageState(session('s', options))).toThrow(SessionNotExportableError);
    expect(() => toStorageState(session('s', options))).toThrow(message);
  });
});

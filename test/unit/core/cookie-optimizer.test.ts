import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restoreCookieJar } from '#shared/core/cookie-jar.ts';
import { exactCookieMatch, optimizeCookies } from '#shared/core/cookie-optimizer.ts';
import { cookie, now } from '../../support/lead-fixtures.ts';

const nowMs = now.getTime();
const expiresArbitrary = fc.oneof(
  fc.constant(undefined),
  fc.constant(new Date(-1)),
  fc.integer({ min: -86_400, max: 86_400 }).map((offset) => new Date(Math.floor(nowMs / 1000) + offset)),
  fc.integer({ min: -86_400_000, max: 86_400_000 }).map((offset) => new Date(nowMs + offset)),
  fc.constant('garbage'),
);
const cookieArbitrary = fc.record(
  {
    name: fc.constantFrom('sid', '_ga', 'csrftoken'),
    value: fc.string({ maxLength: 6 }),
    domain: fc.constantFrom('.a.example', 'b.example'),
    path: fc.constantFrom('/', '/app'),
    expires: expiresArbitrary,
  },
  { requiredKeys: ['name', 'value'] },
);

describe('optimizeCookies', () => {
  it('restoring the optimised cookies gives the same jar as restoring the original (1,000 cases)', () => {
    fc.assert(
      fc.property(fc.array(cookieArbitrary, { maxLength: 12 }), (cookies) => {
        const { kept } = optimizeCookies(cookies, now);
        expect([...restoreCookieJar(kept, now)]).toEqual([...restoreCookieJar(cookies, now)]);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the later of two cookies with the same name, domain and path, as a browser does', () => {
    const first = cookie('sid', 'old');
    const second = cookie('sid', 'new');
    expect(optimizeCookies([first, second], now)).toEqual({ kept: [second], duplicates: [first], expired: [] });
  });

  it('drops a cookie whose corrected 1970 expiry has passed and keeps one still valid', () => {
    const gone = cookie('gone', 'x', { expires: new Date(Math.floor(nowMs / 1000) - 10) });
    const live = cookie('live', 'y', { expires: new Date(Math.floor(nowMs / 1000) + 86_400) });
    expect(optimizeCookies([gone, live], now)).toEqual({ kept: [live], duplicates: [], expired: [gone] });
  });

  it('removes an earlier live cookie overridden by a later expired one, as the browser deletes it too', () => {
    const live = cookie('sid', 'a');
    const deletion = cookie('sid', 'b', { expires: new Date(nowMs - 1000) });
    expect(optimizeCookies([live, deletion], now).kept).toEqual([]);
  });
});

describe('exactCookieMatch', () => {
  it('matches by _id when the cookie has one', () => {
    expect(exactCookieMatch({ ...cookie('a', '1'), _id: 'id-1' }, [])).toEqual({ _id: 'id-1' });
  });

  it('matches by identifying fields, with null for missing ones', () => {
    expect(exactCookieMatch({ name: 'a', value: '1' }, [])).toEqual({
      name: 'a',
      domain: null,
      path: null,
      value: '1',
      expires: null,
    });
  });

  it('refuses a match that would also remove a kept cookie (identical duplicates without _id)', () => {
    const twin = cookie('a', '1');
    expect(exactCookieMatch(twin, [{ ...twin }])).toBeNull();
  });
});

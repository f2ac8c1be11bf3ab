import { describe, expect, it } from 'vitest';
import { isCookieExpired, realCookieExpiry } from '#shared/core/cookie-expiry.ts';
import { now } from '../../support/lead-fixtures.ts';

const nowSeconds = Math.floor(now.getTime() / 1000);

describe('realCookieExpiry', () => {
  it.each([
    ['missing', undefined, { kind: 'session' }],
    ['null', null, { kind: 'session' }],
    ["Playwright's -1 stored as 1969-12-31T23:59:59.999Z", new Date(-1), { kind: 'session' }],
    ['a raw -1', -1, { kind: 'session' }],
    [
      'seconds misread as milliseconds (1970-01-21)',
      new Date(1_790_000_000),
      { kind: 'at', expiresAt: new Date(1_790_000_000_000), corrected: true },
    ],
    ['raw seconds', 1_790_000_000, { kind: 'at', expiresAt: new Date(1_790_000_000_000), corrected: true }],
    [
      'a real date',
      new Date('2027-01-01T00:00:00Z'),
      { kind: 'at', expiresAt: new Date('2027-01-01T00:00:00Z'), corrected: false },
    ],
    ['a string', '2027-01-01', { kind: 'unknown' }],
    ['an invalid date', new Date(Number.NaN), { kind: 'unknown' }],
  ])('reads %s', (_label, stored, expected) => {
    expect(realCookieExpiry(stored)).toEqual(expected);
  });
});

describe('isCookieExpired', () => {
  it.each([
    ['a 1970 date whose corrected expiry is in the future', new Date(nowSeconds + 3600), false],
    ['a 1970 date whose corrected expiry has passed', new Date(nowSeconds - 3600), true],
    ['a session cookie', new Date(-1), false],
    ['a real past date', new Date(now.getTime() - 1), true],
    ['a real future date', new Date(now.getTime() + 1), false],
    ['an unknown value', 'soon', false],
  ])('is %s expired? %s', (_label, stored, expected) => {
    expect(isCookieExpired(stored, now)).toBe(expected);
  });
});

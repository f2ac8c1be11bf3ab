import { isValidDate } from './bson-type.ts';

/** Dates before this were written by a capture script that sent seconds where Mongoose expected milliseconds. */
export const secondsMisreadBefore = new Date('1971-01-01T00:00:00.000Z');

/** What a cookie's stored `expires` really means (contract, case 4). */
export type CookieExpiry =
  | { readonly kind: 'session' }
  | { readonly kind: 'at'; readonly expiresAt: Date; readonly corrected: boolean }
  | { readonly kind: 'unknown' };

/**
 * Interprets a stored `expires`:
 * - missing or null: a session cookie;
 * - a date before 1971: seconds read as milliseconds. A negative time (Playwright's `-1` stored as
 *   1969-12-31T23:59:59.999Z) is a session cookie; otherwise the real date is the value times 1000;
 * - a number (raw Playwright value): -1 is a session cookie, other values are seconds since the epoch;
 * - anything else is unknown, which never counts as expired (only provably redundant data is removed).
 */
export function realCookieExpiry(expires: unknown): CookieExpiry {
  if (expires === undefined || expires === null) return { kind: 'session' };
  if (typeof expires === 'number') {
    if (!Number.isFinite(expires) || expires <= 0) return { kind: 'session' };
    return { kind: 'at', expiresAt: new Date(expires * 1000), corrected: true };
  }
  if (!isValidDate(expires)) return { kind: 'unknown' };
  if (expires.getTime() >= secondsMisreadBefore.getTime()) return { kind: 'at', expiresAt: expires, corrected: false };
  if (expires.getTime() < 0) return { kind: 'session' };
  return { kind: 'at', expiresAt: new Date(expires.getTime() * 1000), corrected: true };
}

/** True only when the cookie's real expiry has passed at `now`. */
export function isCookieExpired(expires: unknown, now: Date): boolean {
  const expiry = realCookieExpiry(expires);
  return expiry.kind === 'at' && expiry.expiresAt.getTime() <= now.getTime();
}

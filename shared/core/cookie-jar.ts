import { isDocument } from './bson-type.ts';
import { isCookieExpired } from './cookie-expiry.ts';

/** A browser's identity of a cookie: a later cookie with the same name, domain and path replaces an earlier one. */
export function cookieIdentity(cookie: Readonly<Record<string, unknown>>): string {
  const part = (value: unknown): string => (typeof value === 'string' ? value : '');
  // Path defaults to "/" as in the app's schema.
  const path = typeof cookie.path === 'string' ? cookie.path : '/';
  return JSON.stringify([part(cookie.name), part(cookie.domain), path]);
}

/**
 * The cookie jar a browser ends up with after the session's cookies are added in order at `now`: last write wins
 * per identity, expired cookies are dropped. Used to prove that optimisation only removes redundant data.
 */
export function restoreCookieJar(cookies: unknown, now: Date): Map<string, Readonly<Record<string, unknown>>> {
  const jar = new Map<string, Readonly<Record<string, unknown>>>();
  if (!Array.isArray(cookies)) return jar;
  for (const cookie of cookies) {
    if (!isDocument(cookie)) continue;
    const identity = cookieIdentity(cookie);
    jar.delete(identity);
    if (!isCookieExpired(cookie.expires, now)) jar.set(identity, cookie);
  }
  return jar;
}

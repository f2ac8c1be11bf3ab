import { isDocument } from './bson-type.ts';
import { isCookieExpired } from './cookie-expiry.ts';
import { cookieIdentity } from './cookie-jar.ts';

export interface CookieOptimization {
  readonly kept: readonly unknown[];
  /** Cookies replaced by a later cookie with the same name, domain and path. */
  readonly duplicates: readonly Record<string, unknown>[];
  /** Cookies (the last of their identity) whose real expiry has passed. */
  readonly expired: readonly Record<string, unknown>[];
}

/**
 * Removes only what a browser would discard anyway: duplicates first (the later cookie wins), then expired cookies
 * among the winners. In this order the restored jar is unchanged, even when an expired cookie overrides an earlier
 * live one (a browser deletes the cookie in that case, and so does the optimised list).
 */
export function optimizeCookies(cookies: readonly unknown[], now: Date): CookieOptimization {
  const lastIndexByIdentity = new Map<string, number>();
  cookies.forEach((cookie, index) => {
    if (isDocument(cookie)) lastIndexByIdentity.set(cookieIdentity(cookie), index);
  });
  const kept: unknown[] = [];
  const duplicates: Record<string, unknown>[] = [];
  const expired: Record<string, unknown>[] = [];
  cookies.forEach((cookie, index) => {
    if (!isDocument(cookie)) {
      kept.push(cookie);
      return;
    }
    if (lastIndexByIdentity.get(cookieIdentity(cookie)) !== index) duplicates.push(cookie);
    else if (isCookieExpired(cookie.expires, now)) expired.push(cookie);
    else kept.push(cookie);
  });
  return { kept, duplicates, expired };
}

const matchFields = ['name', 'domain', 'path', 'value', 'expires'] as const;

/**
 * The `$pull` condition that removes exactly `cookie`: its `_id` when it has one, else its identifying fields
 * (a missing field matches as null, as in MongoDB). Returns null when the condition would also match a kept cookie.
 */
export function exactCookieMatch(
  cookie: Readonly<Record<string, unknown>>,
  kept: readonly unknown[],
): Record<string, unknown> | null {
  if (cookie._id !== undefined && cookie._id !== null) {
    const sharesId = kept.some((other) => isDocument(other) && String(other._id) === String(cookie._id));
    return sharesId ? null : { _id: cookie._id };
  }
  const match: Record<string, unknown> = {};
  for (const field of matchFields) match[field] = cookie[field] ?? null;
  const matchesKept = kept.some(
    (other) => isDocument(other) && matchFields.every((field) => sameValue(other[field] ?? null, match[field])),
  );
  return matchesKept ? null : match;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

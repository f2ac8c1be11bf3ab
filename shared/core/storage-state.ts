import { bsonTypeOf, isDocument } from './bson-type.ts';
import { realCookieExpiry } from './cookie-expiry.ts';

/** Playwright's `storageState` cookie. `expires` is seconds since the epoch, -1 for a session cookie. */
export interface StorageStateCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  expires: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Strict' | 'Lax' | 'None';
}

/**
 * Playwright's `storageState` (`browserContext.storageState()` / `newContext({ storageState })`), plus our documented
 * extension `sessionStorage` per origin, which Playwright ignores and a test can apply with an init script.
 */
export interface StorageState {
  cookies: StorageStateCookie[];
  origins: {
    origin: string;
    localStorage: { name: string; value: string }[];
    sessionStorage?: { name: string; value: string }[];
  }[];
}

export class SessionNotExportableError extends Error {
  override readonly name = 'SessionNotExportableError';
}

const sameSiteValues = new Set(['Strict', 'Lax', 'None']);

/** Storage values are strings in a browser; anything else is stored as its JSON text. */
function storageEntries(storage: unknown): { name: string; value: string }[] {
  if (!isDocument(storage)) return [];
  return Object.entries(storage).map(([name, value]) => ({
    name,
    value: typeof value === 'string' ? value : JSON.stringify(plain(value)),
  }));
}

function plain(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function')
    return value.toJSON();
  return value;
}

function expiresSeconds(expires: unknown): number {
  const expiry = realCookieExpiry(expires);
  return expiry.kind === 'at' ? Math.floor(expiry.expiresAt.getTime() / 1000) : -1;
}

/**
 * The origin localStorage belongs to: the session's `metadata.domain` when set, else the most common cookie domain.
 * The app stores localStorage without its origin, so this is the best the stored data allows (documented).
 */
function originOf(session: Record<string, unknown>, cookies: StorageStateCookie[]): string | null {
  const metadata = isDocument(session.metadata) ? session.metadata : {};
  const domain = typeof metadata.domain === 'string' && metadata.domain !== '' ? metadata.domain : null;
  const host = domain ?? mostCommon(cookies.map((cookie) => cookie.domain.replace(/^\./, '')));
  if (host === null) return null;
  return /^https?:\/\//.test(host) ? new URL(host).origin : `https://${host}`;
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/**
 * Converts a stored session (already inflated if it was compressed) into Playwright's storageState, so an agent or a
 * tester can open it in a browser. The 1970 cookie dates are corrected; encrypted payloads cannot be exported.
 */
export function toStorageState(session: Record<string, unknown>): StorageState {
  for (const field of ['cookies', 'localStorage', 'sessionStorage'] as const) {
    const value = session[field];
    if (isDocument(value) && value._encrypted === true) {
      throw new SessionNotExportableError(
        `the session's ${field} is encrypted by another code path and cannot be exported`,
      );
    }
  }
  if (session.cookies !== undefined && !Array.isArray(session.cookies)) {
    throw new SessionNotExportableError(
      `the session's cookies are a ${bsonTypeOf(session.cookies)}, not a list: it cannot be restored`,
    );
  }
  const cookies: StorageStateCookie[] = [];
  for (const cookie of (session.cookies as unknown[] | undefined) ?? []) {
    if (!isDocument(cookie) || typeof cookie.name !== 'string' || typeof cookie.value !== 'string') continue;
    cookies.push({
      name: cookie.name,
      value: cookie.value,
      domain: typeof cookie.domain === 'string' ? cookie.domain : '',
      path: typeof cookie.path === 'string' ? cookie.path : '/',
      expires: expiresSeconds(cookie.expires),
      httpOnly: cookie.httpOnly === true,
      secure: cookie.secure === true,
      sameSite:
        typeof cookie.sameSite === 'string' && sameSiteValues.has(cookie.sameSite)
          ? (cookie.sameSite as StorageStateCookie['sameSite'])
          : 'Lax',
    });
  }
  const localStorage = storageEntries(session.localStorage);
  const sessionStorage = storageEntries(session.sessionStorage);
  const origin = originOf(session, cookies);
  const origins =
    origin === null || (localStorage.length === 0 && sessionStorage.length === 0)
      ? []
      : [{ origin, localStorage, ...(sessionStorage.length > 0 ? { sessionStorage } : {}) }];
  return { cookies, origins };
}

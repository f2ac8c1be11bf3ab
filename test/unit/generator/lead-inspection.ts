import type { QuirkRates, WrongTypeKind } from '#shared/generator/index.ts';

/**
 * Reads generated documents the way the contract describes them, independently of the generator's code, so the
 * tests check the documents and not the generator's own bookkeeping.
 */
export type Doc = Record<string, unknown>;

export function isDoc(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return false;
  return !('_bsontype' in value);
}

export function isEnvelope(value: unknown): boolean {
  return (
    isDoc(value) && value._encrypted === true && typeof value.encrypted === 'string' && typeof value.iv === 'string'
  );
}

/** History entries that are documents (empty when `sessionHistory` is not an array). */
export function historyOf(lead: Doc): Doc[] {
  return Array.isArray(lead.sessionHistory) ? lead.sessionHistory.filter(isDoc) : [];
}

/** `browserSession` when it holds a real session (a `sessionId`), else null. */
export function currentEntryOf(lead: Doc): Doc | null {
  const entry = lead.browserSession;
  return isDoc(entry) && typeof entry.sessionId === 'string' ? entry : null;
}

/** Every stored entry that names a session: the current one and the history entries with a `sessionId`. */
export function sessionEntriesOf(lead: Doc): Doc[] {
  const current = currentEntryOf(lead);
  const history = historyOf(lead).filter((entry) => typeof entry.sessionId === 'string');
  return current ? [current, ...history] : history;
}

/** Distinct session ids of a lead (the current pair counts once). */
export function sessionIdsOf(lead: Doc): Set<string> {
  return new Set(sessionEntriesOf(lead).map((entry) => entry.sessionId as string));
}

export function cookieArraysOf(lead: Doc): Doc[][] {
  return sessionEntriesOf(lead)
    .map((entry) => entry.cookies)
    .filter((cookies): cookies is Doc[] => Array.isArray(cookies));
}

const misreadBefore = Date.UTC(1971, 0, 1);
const cookieIdentity = (cookie: Doc): string =>
  `${String(cookie.name)}|${String(cookie.domain)}|${String(cookie.path)}`;

/** Which contract case 5 defects one session entry shows. */
export function wrongTypesOf(entry: Doc): WrongTypeKind[] {
  const kinds: WrongTypeKind[] = [];
  if (typeof entry.cookies === 'string') kinds.push('cookies-string');
  if (isDoc(entry.cookies) && !isEnvelope(entry.cookies)) kinds.push('cookies-object');
  if (
    Array.isArray(entry.cookies) &&
    entry.cookies.some((c) => !isDoc(c) || typeof c.name !== 'string' || typeof c.value !== 'string')
  ) {
    kinds.push('cookie-without-name-or-value');
  }
  if (!('createdAt' in entry)) kinds.push('created-at-missing');
  if (typeof entry.createdAt === 'string') kinds.push('created-at-string');
  if (typeof entry.viewport === 'string') kinds.push('viewport-string');
  if (typeof entry.localStorage === 'string') kinds.push('local-storage-string');
  return kinds;
}

/** One predicate per quirk rate: true when the lead document shows that quirk. */
export const quirkDetectors: Readonly<Record<keyof QuirkRates, (lead: Doc) => boolean>> = {
  phantomBrowserSession: (lead) => {
    const entry = lead.browserSession;
    return (
      isDoc(entry) &&
      !('sessionId' in entry) &&
      Array.isArray(entry.cookies) &&
      entry.cookies.length === 0 &&
      entry.isActive === true &&
      entry.createdAt instanceof Date
    );
  },
  emptyBrowserSession: (lead) => isDoc(lead.browserSession) && Object.keys(lead.browserSession).length === 0,
  currentStoredTwice: (lead) => {
    const current = currentEntryOf(lead);
    return current !== null && historyOf(lead).some((entry) => entry.sessionId === current.sessionId);
  },
  cookieExpirySecondsMisread: (lead) =>
    cookieArraysOf(lead)
      .flat()
      .some((cookie) => isDoc(cookie) && cookie.expires instanceof Date && cookie.expires.getTime() < misreadBefore),
  wrongTypes: (lead) =>
    ('sessionHistory' in lead && !Array.isArray(lead.sessionHistory)) ||
    sessionEntriesOf(lead).some((entry) => wrongTypesOf(entry).length > 0),
  encryptedPayload: (lead) =>
    sessionEntriesOf(lead).some((entry) =>
      [entry.cookies, entry.localStorage, entry.sessionStorage].some((field) => isEnvelope(field)),
    ),
  storageKeysWithDotsOrDollar: (lead) =>
    sessionEntriesOf(lead).some(
      (entry) => isDoc(entry.localStorage) && Object.keys(entry.localStorage).some((key) => /[.$]/.test(key)),
    ),
  largeHistory: (lead) => historyOf(lead).length >= 200,
  orphanedHistoryEntry: (lead) => historyOf(lead).some((entry) => !('sessionId' in entry) || entry.createdAt === null),
  danglingCurrentSessionId: (lead) =>
    typeof lead.currentSessionId === 'string' && !sessionIdsOf(lead).has(lead.currentSessionId),
  duplicateCookies: (lead) =>
    cookieArraysOf(lead).some((cookies) => {
      const documents = cookies.filter(isDoc);
      return new Set(documents.map(cookieIdentity)).size < documents.length;
    }),
  repeatedHistoryEntry: (lead) => {
    const currentId = currentEntryOf(lead)?.sessionId ?? lead.currentSessionId;
    const seen = new Set<unknown>();
    return historyOf(lead).some((entry) => {
      if (typeof entry.sessionId !== 'string' || entry.sessionId === currentId) return false;
      if (seen.has(entry.sessionId)) return true;
      seen.add(entry.sessionId);
      return false;
    });
  },
};

import { isValidDate } from './bson-type.ts';
import type { EntryDigest, LeadDigest } from './session-digest.ts';

export const leadTypes = ['ftd', 'filler', 'cold', 'live'] as const;
export type LeadType = (typeof leadTypes)[number];

/** Why an entry or pointer is orphaned (contract, daily rule "orphaned"). */
export type OrphanKind =
  'missing-session-id' | 'invalid-created-at' | 'phantom-browser-session' | 'dangling-current-session-id';

/** Why a session cannot be restored into a browser (contract, daily rule "invalid"). */
export type InvalidKind =
  'cookies-not-array' | 'cookie-without-name-or-value' | 'local-storage-wrong-type' | 'session-storage-wrong-type';

/** Where an entry is stored: `browserSession`, or `sessionHistory[index]`. */
export type EntryLocation = { readonly kind: 'current' } | { readonly kind: 'history'; readonly index: number };

export interface LocatedEntry {
  readonly location: EntryLocation;
  readonly digest: EntryDigest;
}

/**
 * One session of a lead: every stored entry with the same `sessionId`. The current session usually has two entries
 * (`browserSession` and its history copy, contract case 3): it is still one session in every count.
 */
export interface Session {
  readonly sessionId: string;
  /** True when this is the lead's current session (`currentSessionId`, else `browserSession.sessionId`). */
  readonly isCurrent: boolean;
  /** The entry that describes the session: `browserSession` when it holds it, else the first history copy. */
  readonly primary: LocatedEntry;
  readonly entries: readonly LocatedEntry[];
  /** Entries in `sessionHistory`, in stored order (more than one means the history repeats the session). */
  readonly historyEntries: readonly LocatedEntry[];
  /** `createdAt` of the primary entry, or null when it is not a valid date. */
  readonly createdAt: Date | null;
  readonly lastAccessedAt: Date | null;
  readonly isActive: boolean;
  readonly health: SessionHealth;
  readonly encrypted: boolean;
  readonly compressed: boolean;
}

export type SessionHealth =
  | { readonly kind: 'valid' }
  | { readonly kind: 'orphaned'; readonly orphan: 'invalid-created-at' }
  | { readonly kind: 'invalid'; readonly invalid: InvalidKind };

/** A lead's sessions, classified. Phantoms and entries without a `sessionId` are not sessions. */
export interface ClassifiedLead {
  readonly leadId: unknown;
  readonly leadType: LeadType | 'unknown';
  readonly sessions: readonly Session[];
  /** The effective current session id, when it names a stored session. */
  readonly currentSessionId: string | null;
  /** `browserSession` exists but has no `sessionId` (Mongoose default, or `{}` left by an expiry). */
  readonly phantomBrowserSession: PhantomKind | null;
  /** History entries (documents) that have no usable `sessionId`. */
  readonly entriesWithoutSessionId: readonly LocatedEntry[];
  /** History entries that are not documents at all: reported, never touched (no update path can target them). */
  readonly nonDocumentHistoryEntries: number;
  /** `currentSessionId` is a string naming no stored session. */
  readonly danglingCurrentSessionId: string | null;
  /** `sessionHistory` is present but not an array (contract case 5): nothing in it is touched. */
  readonly historyNotArray: boolean;
  /** `browserSession` exists but is not a document. */
  readonly browserSessionNotDocument: boolean;
  /** Entries whose `viewport` is present but not a document (restorable: the browser uses its default). */
  readonly malformedViewports: number;
}

export type PhantomKind = 'default-browser-session' | 'empty-browser-session';

/** A usable session id: a non-empty string. */
export function sessionIdOf(digest: EntryDigest): string | null {
  return digest.entryType === 'object' && typeof digest.sessionId === 'string' && digest.sessionId !== ''
    ? digest.sessionId
    : null;
}

function dateOrNull(value: unknown): Date | null {
  return isValidDate(value) ? value : null;
}

const payloadTypeAllowed = (type: string): boolean => type === 'missing' || type === 'object';

/**
 * The first reason a session entry cannot be restored into a browser, or null. An encrypted envelope is an object,
 * so it passes; a compressed entry has no payload fields left, so it passes too.
 */
export function invalidKindOf(digest: EntryDigest): InvalidKind | null {
  if (digest.cookiesType !== 'array' && digest.cookiesType !== 'missing') {
    const encryptedCookies = digest.cookiesType === 'object' && digest.encryptedFields > 0;
    if (!encryptedCookies) return 'cookies-not-array';
  }
  if (digest.cookiesWithoutNameOrValue > 0) return 'cookie-without-name-or-value';
  if (!payloadTypeAllowed(digest.localStorageType)) return 'local-storage-wrong-type';
  if (!payloadTypeAllowed(digest.sessionStorageType)) return 'session-storage-wrong-type';
  return null;
}

function healthOf(primary: EntryDigest): SessionHealth {
  if (!isValidDate(primary.createdAt)) return { kind: 'orphaned', orphan: 'invalid-created-at' };
  const invalid = invalidKindOf(primary);
  return invalid === null ? { kind: 'valid' } : { kind: 'invalid', invalid };
}

function phantomKindOf(digest: EntryDigest | null): PhantomKind | null {
  if (digest === null || digest.entryType !== 'object' || sessionIdOf(digest) !== null) return null;
  const looksEmpty =
    digest.cookiesType === 'missing' && digest.createdAt === undefined && digest.isActive === undefined;
  return looksEmpty ? 'empty-browser-session' : 'default-browser-session';
}

function buildSession(sessionId: string, entries: LocatedEntry[], isCurrent: boolean): Session {
  const historyEntries = entries.filter((entry) => entry.location.kind === 'history');
  const primary = entries.find((entry) => entry.location.kind === 'current') ?? entries[0];
  if (primary === undefined) throw new Error(`session ${sessionId} has no entry`);
  const digest = primary.digest;
  return {
    sessionId,
    isCurrent,
    primary,
    entries,
    historyEntries,
    createdAt: dateOrNull(digest.createdAt),
    lastAccessedAt: dateOrNull(digest.lastAccessedAt),
    isActive: digest.isActive === true,
    health: healthOf(digest),
    encrypted: digest.encryptedFields > 0,
    compressed: digest.compressed !== null,
  };
}

function leadTypeOf(value: unknown): LeadType | 'unknown' {
  return (leadTypes as readonly unknown[]).includes(value) ? (value as LeadType) : 'unknown';
}

/**
 * Classifies every stored entry of a lead: sessions (the current pair counted once), phantoms, entries without a
 * session id, a dangling `currentSessionId`. Pure and total: any stored shape gives an answer, never an exception.
 */
export function classifyLead(lead: LeadDigest): ClassifiedLead {
  const located: LocatedEntry[] = [];
  const browserSession = lead.browserSession;
  if (browserSession !== null && sessionIdOf(browserSession) !== null) {
    located.push({ location: { kind: 'current' }, digest: browserSession });
  }
  const entriesWithoutSessionId: LocatedEntry[] = [];
  let nonDocumentHistoryEntries = 0;
  lead.sessionHistory.forEach((digest, index) => {
    const entry: LocatedEntry = { location: { kind: 'history', index }, digest };
    if (digest.entryType !== 'object') nonDocumentHistoryEntries += 1;
    else if (sessionIdOf(digest) === null) entriesWithoutSessionId.push(entry);
    else located.push(entry);
  });

  const entriesById = new Map<string, LocatedEntry[]>();
  for (const entry of located) {
    const id = sessionIdOf(entry.digest) as string;
    const group = entriesById.get(id);
    if (group) group.push(entry);
    else entriesById.set(id, [entry]);
  }

  const pointer =
    typeof lead.currentSessionId === 'string' && lead.currentSessionId !== '' ? lead.currentSessionId : null;
  const browserSessionId = browserSession === null ? null : sessionIdOf(browserSession);
  const currentCandidate = pointer ?? browserSessionId;
  const currentSessionId = currentCandidate !== null && entriesById.has(currentCandidate) ? currentCandidate : null;
  const protectedIds = new Set([pointer, browserSessionId].filter((id): id is string => id !== null));

  const sessions = [...entriesById].map(([id, entries]) => buildSession(id, entries, protectedIds.has(id)));
  const allDigests = [...(browserSession ? [browserSession] : []), ...lead.sessionHistory];
  return {
    leadId: lead._id,
    leadType: leadTypeOf(lead.leadType),
    sessions,
    currentSessionId,
    phantomBrowserSession: phantomKindOf(browserSession),
    entriesWithoutSessionId,
    nonDocumentHistoryEntries,
    danglingCurrentSessionId: pointer !== null && !entriesById.has(pointer) ? pointer : null,
    historyNotArray: lead.historyType !== 'array' && lead.historyType !== 'missing',
    browserSessionNotDocument: browserSession !== null && browserSession.entryType !== 'object',
    malformedViewports: allDigests.filter((d) => d.entryType === 'object' && !payloadTypeAllowed(d.viewportType))
      .length,
  };
}

/** Age in whole milliseconds of a session at `now`, or null when its creation date is unknown. */
export function ageMs(session: Session, now: Date): number | null {
  return session.createdAt === null ? null : now.getTime() - session.createdAt.getTime();
}

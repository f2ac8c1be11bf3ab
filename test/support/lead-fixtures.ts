import { ObjectId } from 'bson';

/** Builders for hand-made lead documents in unit tests: every quirk of the contract is one option away. */
export const now = new Date('2026-11-28T02:00:00.000Z');
const dayMs = 86_400_000;

export function daysAgo(days: number): Date {
  return new Date(now.getTime() - days * dayMs);
}

let counter = 0;
/** A deterministic, readable session id. */
export function sessionIdFor(label: string): string {
  return `session_1732800000000_${label}`;
}

export interface SessionOptions {
  id?: string | null;
  ageDays?: number;
  createdAt?: unknown;
  lastAccessedDaysAgo?: number;
  cookies?: unknown;
  localStorage?: unknown;
  sessionStorage?: unknown;
  viewport?: unknown;
  isActive?: boolean;
  withEntryId?: boolean;
  extra?: Record<string, unknown>;
}

/** A session entry as the app stores it (history shape unless isActive says otherwise). */
export function session(label: string, options: SessionOptions = {}): Record<string, unknown> {
  counter += 1;
  const ageDays = options.ageDays ?? 1;
  const entry: Record<string, unknown> = {};
  if (options.id !== null) entry.sessionId = options.id ?? sessionIdFor(label);
  entry.cookies = 'cookies' in options ? options.cookies : [cookie('sid', `value-${label}`)];
  entry.localStorage = 'localStorage' in options ? options.localStorage : { theme: 'dark' };
  entry.sessionStorage = 'sessionStorage' in options ? options.sessionStorage : {};
  entry.userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0';
  entry.viewport = 'viewport' in options ? options.viewport : { width: 1366, height: 768 };
  entry.createdAt = 'createdAt' in options ? options.createdAt : daysAgo(ageDays);
  entry.lastAccessedAt = daysAgo(options.lastAccessedDaysAgo ?? Math.max(0, ageDays - 0.5));
  entry.isActive = options.isActive ?? false;
  if (options.withEntryId !== false) entry._id = new ObjectId(counter.toString(16).padStart(24, '0'));
  return { ...entry, ...options.extra };
}

export function cookie(name: string, value: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, value, domain: '.broker.example', path: '/', httpOnly: true, secure: true, sameSite: 'Lax', ...extra };
}

/** The Mongoose default `browserSession` every saved lead gets (contract, case 1). */
export function phantomBrowserSession(): Record<string, unknown> {
  return { cookies: [], localStorage: {}, sessionStorage: {}, isActive: true, createdAt: daysAgo(2) };
}

export interface LeadOptions {
  current?: Record<string, unknown> | null;
  history?: unknown;
  currentSessionId?: unknown;
  browserSession?: unknown;
  /** Store the current session in history too, as the app does (contract, case 3). Default true. */
  currentInHistory?: boolean;
}

/** A lead document; `current` is stored in `browserSession` (active) and, by default, also in history. */
export function lead(options: LeadOptions = {}): Record<string, unknown> & { _id: ObjectId } {
  counter += 1;
  const document: Record<string, unknown> & { _id: ObjectId } = {
    _id: new ObjectId(`aa${counter.toString(16).padStart(22, '0')}`),
    leadType: 'ftd',
    firstName: 'Ada',
    __v: 3,
  };
  const history: unknown[] = Array.isArray(options.history) ? [...(options.history as unknown[])] : [];
  if (options.current) {
    document.browserSession = { ...options.current, isActive: true };
    delete (document.browserSession as Record<string, unknown>)._id;
    document.currentSessionId = options.current.sessionId;
    if (options.currentInHistory !== false) history.push(options.current);
  }
  if ('browserSession' in options) document.browserSession = options.browserSession;
  if ('currentSessionId' in options) document.currentSessionId = options.currentSessionId;
  document.sessionHistory =
    options.history !== undefined && !Array.isArray(options.history) ? options.history : history;
  return document;
}

import type { ObjectId } from 'bson';
import { userAgents, viewports } from './catalogue/browsers.ts';
import { injectionNotes, type Site } from './catalogue/sites.ts';
import { clonePlain } from './clone.ts';
import { generateCookies } from './cookies.ts';
import type { ObjectIdFactory } from './object-ids.ts';
import type { SeededRandom } from './random.ts';
import { generateLocalStorage, generateSessionStorage, type StorageContext } from './storage.ts';

/** The lead-level facts a session is built from. */
export interface SessionOwner {
  readonly accountId: string;
  readonly email: string;
  readonly firstName: string;
  readonly countryCode: string;
  /** The browser most of this lead's sessions were captured with. */
  readonly userAgent: string;
  readonly viewport: { readonly width: number; readonly height: number };
  readonly site: Site;
}

export interface SessionRequest {
  readonly random: SeededRandom;
  readonly ids: ObjectIdFactory;
  readonly owner: SessionOwner;
  readonly createdAtMs: number;
  readonly lastAccessedAtMs: number;
  readonly cookieCount: number;
  /** Agents who may have assigned the injection (history metadata). */
  readonly agents: readonly ObjectId[];
}

/**
 * One captured session before it is stored. `fields` are the stored session fields in the app's schema order;
 * session quirks edit them in place, so both stored copies of a session carry the same defects.
 */
export interface SessionDraft {
  readonly sessionId: string;
  readonly createdAtMs: number;
  readonly fields: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
  /** Metadata only history entries carry (`orderId`, `assignedBy`). */
  readonly historyMetadata: Record<string, unknown>;
}

/** The app's session id: `session_<creation ms>_<32 hex>`. */
export function newSessionId(random: SeededRandom, createdAtMs: number): string {
  return `session_${createdAtMs}_${random.hex(32)}`;
}

/** A realistic captured session: cookies, storage, browser, dates and injection metadata. */
export function draftSession(request: SessionRequest): SessionDraft {
  const { random, ids, owner, createdAtMs } = request;
  const sessionId = newSessionId(random, createdAtMs);
  const storageContext: StorageContext = { ...owner, random, capturedAtMs: createdAtMs };
  const cookies = generateCookies({
    random,
    ids,
    site: owner.site,
    capturedAtMs: createdAtMs,
    count: request.cookieCount,
  });
  const sameBrowser = random.chance(0.75);
  const fields: Record<string, unknown> = {
    sessionId,
    cookies,
    localStorage: generateLocalStorage(storageContext),
    sessionStorage: generateSessionStorage(storageContext),
    userAgent: sameBrowser ? owner.userAgent : random.weighted(userAgents),
    viewport: { ...(sameBrowser ? owner.viewport : random.weighted(viewports)) },
    createdAt: new Date(createdAtMs),
    lastAccessedAt: new Date(request.lastAccessedAtMs),
  };
  const metadata = {
    domain: owner.site.host,
    success: random.chance(0.92),
    injectionType: random.weighted([
      ['manual_ftd', 60],
      ['auto_ftd', 40],
    ] as const),
    notes: random.pick(injectionNotes),
  };
  const historyMetadata: Record<string, unknown> = {};
  if (random.chance(0.6)) historyMetadata.orderId = ids.at(createdAtMs - random.int(0, 3_600_000));
  if (random.chance(0.5) && request.agents.length > 0) historyMetadata.assignedBy = random.pick(request.agents);
  return { sessionId, createdAtMs, fields, metadata, historyMetadata };
}

/**
 * The session as `browserSession`: active, no `_id`, no history-only metadata. A deep copy, so that the history copy
 * of the same session (contract case 3) shares no object with it and a test may change one without the other.
 */
export function asBrowserSession(draft: SessionDraft): Record<string, unknown> {
  return { ...clonePlain(draft.fields), isActive: true, metadata: { ...draft.metadata } };
}

/** The session as a `sessionHistory` subdocument, with its own `_id`; it takes over the draft's objects. */
export function asHistoryEntry(draft: SessionDraft, isActive: boolean, ids: ObjectIdFactory): Record<string, unknown> {
  return {
    ...draft.fields,
    isActive,
    metadata: { ...draft.metadata, ...draft.historyMetadata },
    _id: ids.at(draft.createdAtMs),
  };
}

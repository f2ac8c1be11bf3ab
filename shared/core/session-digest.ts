import { calculateObjectSize } from 'bson';
import { bsonTypeOf, isDocument, type BsonTypeName } from './bson-type.ts';

/**
 * What the daily rules and the analytics need to know about one stored session entry, and nothing more: types,
 * counts, dates and sizes, never a cookie value or a storage value. The database computes the same digest with an
 * aggregation (shared/mongo/digest-pipeline.ts) so those values never leave it; `digestEntry` computes it from a
 * full entry (weekly job, tests). A conformance test pins the two as equal.
 */
export interface EntryDigest {
  /** BSON type of the entry itself; anything but "object" cannot be a session. */
  readonly entryType: BsonTypeName;
  readonly sessionId: unknown;
  readonly createdAt: unknown;
  readonly lastAccessedAt: unknown;
  readonly isActive: unknown;
  readonly cookiesType: BsonTypeName;
  /** Number of cookies when `cookies` is an array, else 0. */
  readonly cookieCount: number;
  /** Cookies whose `name` or `value` is not a string (including cookies that are not documents). */
  readonly cookiesWithoutNameOrValue: number;
  readonly localStorageType: BsonTypeName;
  readonly sessionStorageType: BsonTypeName;
  /** Which payload fields hold an encrypted envelope `{encrypted, iv, _encrypted: true}` (contract, case 6). */
  readonly encryptedFields: number;
  readonly viewportType: BsonTypeName;
  /** Present when the weekly job compressed the payload: its byte counts, not its data. */
  readonly compressed: CompressedDigest | null;
  /** BSON size of the whole entry as stored. */
  readonly bsonBytes: number;
  /**
   * The entry exactly as stored, when it was transferred: the daily read brings it only for removal candidates,
   * so that it can be archived before it is removed.
   */
  readonly stored?: unknown;
}

export interface CompressedDigest {
  readonly originalBytes: number;
  readonly storedBytes: number;
}

/** A lead as the core sees it: identity, type and digests of its session fields. */
export interface LeadDigest {
  readonly _id: unknown;
  readonly leadType: unknown;
  readonly currentSessionId: unknown;
  /** Digest of `browserSession`, or null when the field is missing. */
  readonly browserSession: EntryDigest | null;
  /** BSON type of `sessionHistory` ("array" normally; "missing" when absent). */
  readonly historyType: BsonTypeName;
  /** Digests of the history entries, in stored order (empty when `sessionHistory` is not an array). */
  readonly sessionHistory: readonly EntryDigest[];
}

/** Field that marks a compressed payload on a session entry (written by the weekly job). */
export const compressedPayloadField = 'compressedPayload';

function isEncryptedEnvelope(value: unknown): boolean {
  return isDocument(value) && value._encrypted === true;
}

function countCookiesWithoutNameOrValue(cookies: unknown): number {
  if (!Array.isArray(cookies)) return 0;
  return cookies.filter((cookie) => {
    if (!isDocument(cookie)) return true;
    return bsonTypeOf(cookie.name) !== 'string' || bsonTypeOf(cookie.value) !== 'string';
  }).length;
}

function compressedDigestOf(value: unknown): CompressedDigest | null {
  if (!isDocument(value)) return null;
  return { originalBytes: toNumber(value.originalBytes), storedBytes: toNumber(value.storedBytes) };
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && 'valueOf' in value) {
    const primitive = (value as { valueOf(): unknown }).valueOf();
    if (typeof primitive === 'number') return primitive;
    if (typeof primitive === 'bigint') return Number(primitive);
  }
  return 0;
}

/** Computes the digest of one stored entry (`browserSession` or an element of `sessionHistory`). */
export function digestEntry(entry: unknown): EntryDigest {
  const document = isDocument(entry) ? entry : {};
  const cookies = document.cookies;
  return {
    entryType: bsonTypeOf(entry),
    sessionId: document.sessionId,
    createdAt: document.createdAt,
    lastAccessedAt: document.lastAccessedAt,
    isActive: document.isActive,
    cookiesType: bsonTypeOf(cookies),
    cookieCount: Array.isArray(cookies) ? cookies.length : 0,
    cookiesWithoutNameOrValue: countCookiesWithoutNameOrValue(cookies),
    localStorageType: bsonTypeOf(document.localStorage),
    sessionStorageType: bsonTypeOf(document.sessionStorage),
    encryptedFields: [cookies, document.localStorage, document.sessionStorage].filter(isEncryptedEnvelope).length,
    viewportType: bsonTypeOf(document.viewport),
    compressed: compressedDigestOf(document[compressedPayloadField]),
    bsonBytes: isDocument(entry) ? calculateObjectSize(entry) : 0,
  };
}

/** Computes the digest of a whole stored lead document. */
export function digestLead(lead: Readonly<Record<string, unknown>>): LeadDigest {
  const history = lead.sessionHistory;
  return {
    _id: lead._id,
    leadType: lead.leadType,
    currentSessionId: lead.currentSessionId,
    browserSession: lead.browserSession === undefined ? null : digestEntry(lead.browserSession),
    historyType: bsonTypeOf(history),
    sessionHistory: Array.isArray(history) ? history.map(digestEntry) : [],
  };
}

import { calculateObjectSize } from 'bson';
import type { ObjectIdFactory } from './object-ids.ts';
import type { QuirkRates } from './options.ts';
import type { SeededRandom } from './random.ts';
import type { SessionDraft } from './session.ts';

/** The defects of contract case 5 that one session can carry. */
export const wrongTypeKinds = [
  'cookies-string',
  'cookies-object',
  'cookie-without-name-or-value',
  'created-at-missing',
  'created-at-string',
  'viewport-string',
  'local-storage-string',
] as const;
export type WrongTypeKind = (typeof wrongTypeKinds)[number];

/** localStorage keys that MongoDB stores but no update path can address (contract case 7). */
const awkwardStorageKeys = [
  'a.b',
  '$x',
  'tradingview.chartproperties',
  'tradingview.ChartDrawingToolbarWidget.visible',
  '$mobx.state',
  'i18next.translate.en',
  'ajs_user_traits.v2',
  '$sentry_replay',
];

type Cookie = Record<string, unknown>;

function cookiesOf(fields: Record<string, unknown>): Cookie[] | null {
  return Array.isArray(fields.cookies) ? (fields.cookies as Cookie[]) : null;
}

/** Case 4: Playwright's seconds stored as milliseconds; a session cookie's -1 becomes 1969-12-31T23:59:59.999Z. */
function misreadCookieExpiry(fields: Record<string, unknown>): void {
  for (const cookie of cookiesOf(fields) ?? []) {
    const expires = cookie.expires;
    const seconds = expires instanceof Date ? Math.floor(expires.getTime() / 1000) : -1;
    const { httpOnly, secure, sameSite, _id } = cookie;
    delete cookie.httpOnly;
    delete cookie.secure;
    delete cookie.sameSite;
    delete cookie._id;
    // Re-added after `expires` so the key order stays the app's schema order.
    Object.assign(cookie, { expires: new Date(seconds), httpOnly, secure, sameSite, _id });
  }
}

/** A browser keeps one cookie per name, domain and path; a buggy merge stored a later copy next to the first. */
function addDuplicateCookies(fields: Record<string, unknown>, random: SeededRandom, ids: ObjectIdFactory): void {
  const cookies = cookiesOf(fields);
  if (cookies === null || cookies.length === 0) return;
  const copies = random.int(1, Math.min(3, cookies.length));
  for (let i = 0; i < copies; i += 1) {
    const original = random.pick(cookies);
    const value = random.chance(0.5) ? original.value : `${String(original.value).slice(0, 8)}${random.hex(16)}`;
    const createdAt = fields.createdAt instanceof Date ? fields.createdAt : 0;
    const copy = { ...original, value, _id: ids.at(createdAt) };
    cookies.splice(random.int(cookies.indexOf(original) + 1, cookies.length), 0, copy);
  }
}

function addAwkwardStorageKeys(fields: Record<string, unknown>, random: SeededRandom): void {
  const storage = fields.localStorage;
  if (storage === null || typeof storage !== 'object' || Array.isArray(storage)) return;
  const count = random.int(1, 3);
  for (let i = 0; i < count; i += 1) {
    (storage as Record<string, unknown>)[random.pick(awkwardStorageKeys)] = JSON.stringify({ v: random.int(0, 9) });
  }
}

function envelope(value: unknown, random: SeededRandom): Record<string, unknown> {
  // Ciphertext length follows the plaintext (AES-CBC pads to 16-byte blocks), so sizes stay realistic.
  const plaintextBytes = calculateObjectSize({ value });
  const blocks = Math.ceil((plaintextBytes + 1) / 16);
  return { encrypted: random.hex(blocks * 32), iv: random.hex(32), _encrypted: true };
}

/** Case 6: another code path encrypts the whole payload; each field becomes an opaque envelope. */
function encryptPayload(fields: Record<string, unknown>, random: SeededRandom): void {
  fields.cookies = envelope(fields.cookies, random);
  fields.localStorage = envelope(fields.localStorage, random);
  fields.sessionStorage = envelope(fields.sessionStorage, random);
}

function applicableWrongTypes(fields: Record<string, unknown>): WrongTypeKind[] {
  const hasCookieArray = cookiesOf(fields) !== null;
  const storage = fields.localStorage;
  const plainStorage = storage !== null && typeof storage === 'object' && !('_encrypted' in storage);
  return wrongTypeKinds.filter((kind) => {
    if (kind.startsWith('cookie')) return hasCookieArray;
    if (kind === 'local-storage-string') return plainStorage;
    return true;
  });
}

/** Case 5: one defect of old or hand-written documents. */
function applyWrongType(fields: Record<string, unknown>, random: SeededRandom): WrongTypeKind {
  const kind = random.pick(applicableWrongTypes(fields));
  const cookies = cookiesOf(fields) ?? [];
  switch (kind) {
    case 'cookies-string':
      fields.cookies = JSON.stringify(cookies);
      break;
    case 'cookies-object':
      fields.cookies = Object.fromEntries(cookies.map((cookie, index) => [String(index), cookie]));
      break;
    case 'cookie-without-name-or-value': {
      if (cookies.length === 0) cookies.push({ name: 'legacy_sid', value: 'x', domain: '', path: '/' });
      const cookie = random.pick(cookies);
      if (random.chance(0.5)) delete cookie.name;
      else delete cookie.value;
      break;
    }
    case 'created-at-missing':
      delete fields.createdAt;
      break;
    case 'created-at-string':
      fields.createdAt = new Date(fields.createdAt as Date).toISOString();
      break;
    case 'viewport-string':
      fields.viewport = '1366x768';
      break;
    case 'local-storage-string':
      fields.localStorage = JSON.stringify(fields.localStorage);
      break;
  }
  return kind;
}

/**
 * Draws and applies the per-session quirks to a draft. Encryption comes before the wrong types, so that a session
 * drawn for both still shows a wrong type (on a field encryption left plain).
 */
export function applySessionQuirks(
  draft: SessionDraft,
  rates: Readonly<QuirkRates>,
  random: SeededRandom,
  ids: ObjectIdFactory,
): void {
  const { fields } = draft;
  if (random.chance(rates.duplicateCookies)) addDuplicateCookies(fields, random, ids);
  if (random.chance(rates.cookieExpirySecondsMisread)) misreadCookieExpiry(fields);
  if (random.chance(rates.storageKeysWithDotsOrDollar)) addAwkwardStorageKeys(fields, random);
  if (random.chance(rates.encryptedPayload)) encryptPayload(fields, random);
  if (random.chance(rates.wrongTypes)) applyWrongType(fields, random);
}

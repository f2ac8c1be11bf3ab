import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EJSON, ObjectId } from 'bson';
import type { Collection, Document } from 'mongodb';
import { generateLeads } from '#shared/generator/index.ts';
import { decodeArchive } from '#shared/jobs/archive-codec.ts';
import { archiveFormatOf } from '#shared/storage/keys.ts';

/**
 * Secret markers: unique strings planted wherever the app stores a secret (cookie values, storage values, tokens,
 * the connection string's password). Every marker contains the run's nonce, so one search for the nonce finds any
 * marker, whole or truncated, in anything captured.
 */
export class SecretMarkers {
  readonly nonce = randomBytes(6).toString('hex');
  /** Marker -> where it was planted (a category such as "expired-history"). */
  readonly planted = new Map<string, string>();
  private counter = 0;

  /** A new marker for a value planted in `category`. */
  next(category: string): string {
    this.counter += 1;
    const marker = `SECRET-MARKER-${this.nonce}-${this.counter}`;
    this.planted.set(marker, category);
    return marker;
  }

  /** A secret that is not stored in a lead (a password, an option of the connection string). */
  secret(kind: string): string {
    return `SECRET-${kind}-${this.nonce}`;
  }

  /** Every distinct marker or secret of this run found in `text` (the nonce alone counts as a leak too). */
  findIn(text: string): string[] {
    if (!text.includes(this.nonce) && !text.includes('SECRET-')) return [];
    const found = new Set(text.match(new RegExp(`SECRET-[A-Z]+-${this.nonce}(-\\d+)?`, 'g')) ?? []);
    if (found.size === 0) found.add(`partial marker or nonce ${this.nonce}`);
    return [...found];
  }

  /** Forgets the markers minted for values that were replaced before being stored (they are in none of `stored`). */
  forgetMissing(stored: string, mintedAfter: number): void {
    const present = new Set(this.findIn(stored));
    for (const marker of [...this.planted.keys()].slice(mintedAfter)) {
      if (!present.has(marker)) this.planted.delete(marker);
    }
  }

  /** The markers of `text`, by category. */
  categoriesIn(text: string): Set<string> {
    return new Set(this.findIn(text).map((marker) => this.planted.get(marker) ?? 'unknown'));
  }
}

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/**
 * Replaces every secret-bearing value of a stored session (as generated, quirks included) by a marker. An object met
 * twice is planted once, so that every planted marker is really stored.
 */
function plantInSession(session: unknown, markers: SecretMarkers, category: string, seen: WeakSet<object>): void {
  if (!isPlain(session) || seen.has(session)) return;
  seen.add(session);
  if (Array.isArray(session.cookies)) {
    for (const cookie of session.cookies) {
      if (!isPlain(cookie) || seen.has(cookie)) continue;
      seen.add(cookie);
      if ('value' in cookie) cookie.value = markers.next(category);
    }
  }
  for (const field of ['localStorage', 'sessionStorage'] as const) {
    const storage = session[field];
    if (!isPlain(storage) || storage._encrypted === true || seen.has(storage)) continue;
    seen.add(storage);
    for (const key of Object.keys(storage)) {
      if (typeof storage[key] === 'string') storage[key] = markers.next(category);
    }
  }
  if (typeof session.userAgent === 'string') session.userAgent = `${session.userAgent} Build/${markers.next(category)}`;
}

/** Generated leads (every data quirk of the contract) with a marker in each cookie and storage value. */
export function* generatedLeadsWithMarkers(
  markers: SecretMarkers,
  options: { seed: number; leadCount: number; now: Date },
): Generator<Document> {
  for (const lead of generateLeads({ ...options, cookiesPerSession: { min: 0, max: 8 } })) {
    const seen = new WeakSet<object>();
    plantInSession(lead.browserSession, markers, 'generated', seen);
    if (Array.isArray(lead.sessionHistory)) {
      for (const entry of lead.sessionHistory) plantInSession(entry, markers, 'generated', seen);
    }
    yield lead;
  }
}

const dayMs = 86_400_000;

/** A stored session whose every secret-bearing field carries a marker of `category`. */
function markedSession(markers: SecretMarkers, category: string, now: number, ageDays: number): Plain {
  const createdAt = now - ageDays * dayMs;
  const m = () => markers.next(category);
  const cookie = (name: string, value: string, expires: Date) => ({
    name,
    value,
    domain: '.crm.example',
    path: '/',
    expires,
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    _id: new ObjectId(),
  });
  return {
    sessionId: `session_${createdAt}_${randomBytes(16).toString('hex')}`,
    cookies: [
      cookie('session_token', m(), new Date(now + 30 * dayMs)),
      cookie('csrftoken', m(), new Date(now + 300 * dayMs)),
      cookie('remember_me', `user=42&sig=${m()}`, new Date(now + 90 * dayMs)),
    ],
    localStorage: {
      authorization: `Bearer ${m()}`,
      'persist:root': JSON.stringify({ auth: { accessToken: m() } }),
      'a.b': m(),
    },
    sessionStorage: { accessToken: m(), refresh_token: m() },
    userAgent: `Mozilla/5.0 (X11; Linux x86_64) SecretBuild/${m()}`,
    viewport: { width: 1366, height: 768 },
    createdAt: new Date(createdAt),
    lastAccessedAt: new Date(createdAt + 3_600_000),
    isActive: false,
    metadata: { domain: 'crm.example', success: true, injectionType: 'manual_ftd', notes: `note ${m()}` },
    _id: new ObjectId(),
  };
}

/** The current session stored twice, as the app does: `browserSession` (no `_id`) and its history copy. */
function currentPair(markers: SecretMarkers, category: string, now: number, ageDays: number): [Plain, Plain] {
  const history = markedSession(markers, `${category}-history-copy`, now, ageDays);
  const current = markedSession(markers, category, now, ageDays);
  delete current._id;
  return [
    { ...current, sessionId: history.sessionId, isActive: true },
    { ...history, isActive: true },
  ];
}

function lead(fields: Plain, now: number): Document {
  return {
    _id: new ObjectId(),
    leadType: 'ftd',
    status: 'active',
    createdAt: new Date(now - 120 * dayMs),
    updatedAt: new Date(now - dayMs),
    __v: 0,
    ...fields,
  };
}

/**
 * Hand-made leads putting markers in every place a maintenance rule touches: the current session, history entries
 * the daily job removes (expired, invalid, orphaned, over the limit), entries the weekly job compresses, cookies and
 * repeated entries it drops, an encrypted payload, a phantom and an expired or invalid current session.
 */
export interface HandMadeLeads {
  readonly leads: Document[];
  /** The lead with a session for every rule, and some of its sessions' ids. */
  readonly everyRule: {
    readonly leadId: string;
    readonly currentSessionId: string;
    readonly invalidSessionId: string;
    readonly encryptedSessionId: string;
    readonly compressedSessionId: string;
  };
}

export function handMadeLeadsWithMarkers(markers: SecretMarkers, nowDate: Date): HandMadeLeads {
  const mintedBefore = markers.planted.size;
  const now = nowDate.getTime();
  const session = (category: string, ageDays: number, changes: Plain = {}): Plain => ({
    ...markedSession(markers, category, now, ageDays),
    ...changes,
  });

  const [current, currentCopy] = currentPair(markers, 'current', now, 2);
  const withoutName = session('invalid-cookie-without-name', 4);
  withoutName.cookies = [{ value: markers.next('invalid-cookie-without-name'), domain: '.crm.example' }];
  const orphaned = session('orphaned-no-session-id', 3);
  delete orphaned.sessionId;
  const optimisable = session('compressed', 10);
  const [firstCookie] = optimisable.cookies as Plain[];
  optimisable.cookies = [
    { ...firstCookie, value: markers.next('weekly-duplicate-cookie'), _id: new ObjectId() },
    ...(optimisable.cookies as Plain[]),
    {
      name: 'expired_token',
      value: markers.next('weekly-expired-cookie'),
      domain: '.crm.example',
      path: '/',
      expires: new Date(now - 5 * dayMs),
      _id: new ObjectId(),
    },
  ];
  const repeated = session('weekly-repeated-entry', 12);
  const notArray = session('invalid-cookies-not-array', 3, {
    cookies: `session_token=${markers.next('invalid-cookies-not-array')}`,
  });
  const encrypted = session('encrypted', 6, {
    cookies: { encrypted: markers.next('encrypted'), iv: markers.next('encrypted'), _encrypted: true },
  });
  const kept = [8, 9, 11, 13, 14, 15].map((age) => session('compressed', age));
  const overLimit = [25, 26, 27, 28].map((age) => session('over-limit', age));
  const everyRule = lead(
    {
      browserSession: current,
      currentSessionId: current.sessionId,
      sessionHistory: [
        currentCopy,
        session('expired-history', 45),
        notArray,
        withoutName,
        session('invalid-storage-not-object', 5, {
          localStorage: `token=${markers.next('invalid-storage-not-object')}`,
        }),
        orphaned,
        session('orphaned-created-at-string', 6, { createdAt: new Date(now - 6 * dayMs).toISOString() }),
        encrypted,
        optimisable,
        repeated,
        { ...structuredClone(repeated), _id: new ObjectId() },
        ...kept,
        ...overLimit,
      ],
    },
    now,
  );

  const phantom = lead(
    {
      browserSession: {
        cookies: [{ name: 'session_token', value: markers.next('phantom'), path: '/' }],
        localStorage: { token: markers.next('phantom') },
        sessionStorage: {},
        isActive: true,
        createdAt: new Date(now - dayMs),
      },
      sessionHistory: [],
    },
    now,
  );

  const [expiredCurrent, expiredCopy] = currentPair(markers, 'expired-current', now, 40);
  const expired = lead(
    { browserSession: expiredCurrent, currentSessionId: expiredCurrent.sessionId, sessionHistory: [expiredCopy] },
    now,
  );

  const [invalidCurrent, invalidCopy] = currentPair(markers, 'invalid-current', now, 1);
  invalidCurrent.cookies = { session_token: markers.next('invalid-current') };
  invalidCopy.cookies = { session_token: markers.next('invalid-current-history-copy') };
  const invalid = lead(
    { browserSession: invalidCurrent, currentSessionId: invalidCurrent.sessionId, sessionHistory: [invalidCopy] },
    now,
  );
  const handMade = [everyRule, phantom, expired, invalid];
  markers.forgetMissing(EJSON.stringify(handMade), mintedBefore);
  return {
    leads: handMade,
    everyRule: {
      leadId: String(everyRule._id),
      currentSessionId: String(current.sessionId),
      invalidSessionId: String(notArray.sessionId),
      encryptedSessionId: String(encrypted.sessionId),
      compressedSessionId: String((kept[0] as Plain).sessionId),
    },
  };
}

/** Inserts generated and hand-made leads with markers; returns the hand-made ones. */
export async function seedLeadsWithMarkers(
  leads: Collection<Document>,
  markers: SecretMarkers,
  options: { seed: number; leadCount: number; now: Date },
): Promise<HandMadeLeads> {
  await leads.insertMany([...generatedLeadsWithMarkers(markers, options)], { ordered: false });
  const handMade = handMadeLeadsWithMarkers(markers, options.now);
  await leads.insertMany(handMade.leads);
  return handMade;
}

/** The whole collection as canonical Extended JSON text (what a marker search in the database reads). */
export async function collectionText(collection: Collection<Document>): Promise<string> {
  const parts: string[] = [];
  for await (const document of collection.find({}, { promoteValues: false })) parts.push(EJSON.stringify(document));
  return parts.join('\n');
}

/** A file's text as a reader would see it: archives decoded (brotli BSON or gzipped Extended JSON), the rest as UTF-8. */
async function textOf(path: string, body: Buffer): Promise<string> {
  const format = archiveFormatOf(path);
  if (format !== null) return EJSON.stringify(await decodeArchive(body, format), { relaxed: false });
  return body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body).toString('utf8') : body.toString('utf8');
}

/** Every file under `root` as text ({@link textOf}), keyed by its path relative to `root`. */
export async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const body = await readFile(path);
    files.set(relative(root, path), await textOf(path, body));
  }
  return files;
}

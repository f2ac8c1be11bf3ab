import { Double, Int32, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { generateLeadArray, noQuirks } from '#shared/generator/index.ts';
import { cookieArraysOf, currentEntryOf, historyOf, sessionEntriesOf, type Doc } from './lead-inspection.ts';

const now = new Date('2026-11-28T02:00:00.000Z');
const dayMs = 86_400_000;
const firstObjectIdTime = new Date(now.getTime() - 400 * dayMs);
const leads = generateLeadArray({ seed: 21, leadCount: 400, now, quirkRates: noQuirks });
const entries = leads.flatMap(sessionEntriesOf);
const cookies = leads.flatMap(cookieArraysOf).flat();

/** Every value reachable from `value` (objects and arrays walked, BSON wrappers and dates kept whole). */
function* walk(value: unknown): Generator<unknown> {
  yield value;
  if (Array.isArray(value)) for (const item of value) yield* walk(item);
  else if (value !== null && typeof value === 'object' && !(value instanceof Date) && !('_bsontype' in value)) {
    for (const item of Object.values(value)) yield* walk(item);
  }
}

/** The browser family a user-agent string names (Edge and Chrome also say "Safari"; Edge also says "Chrome"). */
function browserOf(userAgent: string): string {
  if (userAgent.includes('Firefox/')) return 'Firefox';
  if (userAgent.includes('Edg/')) return 'Edge';
  if (userAgent.includes('Chrome/')) return 'Chrome';
  return 'Safari';
}

describe('lead documents (contract section 1)', () => {
  it('have strictly increasing ObjectIds between firstObjectIdTime and now, matching createdAt', () => {
    // Assess
    const ids = leads.map((lead) => lead._id.toHexString());
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const lead of leads) {
      const idTime = lead._id.getTimestamp().getTime();
      expect(idTime).toBeGreaterThanOrEqual(firstObjectIdTime.getTime() - 1000);
      expect(idTime).toBeLessThanOrEqual(now.getTime());
      expect(Math.floor((lead.createdAt as Date).getTime() / 1000)).toBe(idTime / 1000);
    }
  });

  it('carry every lead type, plausible personal fields and a small numeric __v', () => {
    // Assess
    expect(new Set(leads.map((lead) => lead.leadType))).toEqual(new Set(['ftd', 'filler', 'cold', 'live']));
    for (const lead of leads) {
      expect(lead.email).toMatch(/^[a-z0-9._]+@[a-z.-]+\.[a-z]+$/);
      expect(lead.phone).toMatch(/^\+\d{1,3} [\d -]+$/);
      expect(typeof lead.firstName === 'string' && typeof lead.lastName === 'string').toBe(true);
      expect(typeof lead.country).toBe('string');
      expect(Number.isInteger(lead.__v) && (lead.__v as number) >= 0).toBe(true);
      expect((lead.updatedAt as Date).getTime()).toBeGreaterThanOrEqual((lead.createdAt as Date).getTime());
      expect((lead.updatedAt as Date).getTime()).toBeLessThanOrEqual(now.getTime());
      if (lead.isAssigned) expect(lead.assignedTo).toBeInstanceOf(ObjectId);
    }
  });

  it('point currentSessionId at the browserSession, which the history also holds', () => {
    // Assess
    const withCurrent = leads.filter((lead) => currentEntryOf(lead) !== null);
    expect(withCurrent.length).toBeGreaterThan(100);
    for (const lead of withCurrent) {
      const current = currentEntryOf(lead) as Doc;
      expect(lead.currentSessionId).toBe(current.sessionId);
      expect(current.isActive).toBe(true);
      expect(historyOf(lead).at(-1)?.sessionId).toBe(current.sessionId);
    }
  });
});

describe('sessions', () => {
  it('have app session ids, dates within the last 60 days and lastAccessedAt between createdAt and now', () => {
    // Assess
    for (const entry of entries) {
      const createdAt = (entry.createdAt as Date).getTime();
      const lastAccessedAt = (entry.lastAccessedAt as Date).getTime();
      expect(entry.sessionId).toMatch(new RegExp(`^session_${createdAt}_[0-9a-f]{32}$`));
      expect(createdAt).toBeGreaterThanOrEqual(now.getTime() - 60 * dayMs);
      expect(lastAccessedAt).toBeGreaterThanOrEqual(createdAt);
      expect(lastAccessedAt).toBeLessThanOrEqual(now.getTime());
    }
  });

  it('spread their ages so that expiry (> 30 d) and compression (> 7 d) both apply, and fresh ones exist', () => {
    // Act
    const ages = entries.map((entry) => (now.getTime() - (entry.createdAt as Date).getTime()) / dayMs);

    // Assess
    expect(ages.filter((age) => age < 7).length).toBeGreaterThan(50);
    expect(ages.filter((age) => age > 7 && age <= 30).length).toBeGreaterThan(100);
    expect(ages.filter((age) => age > 30).length).toBeGreaterThan(100);
  });

  it('store history entries as subdocuments with their own _id, inactive unless current', () => {
    // Assess
    for (const lead of leads) {
      const currentId = currentEntryOf(lead)?.sessionId;
      for (const entry of historyOf(lead)) {
        expect(entry._id).toBeInstanceOf(ObjectId);
        expect(entry.isActive).toBe(entry.sessionId === currentId);
      }
    }
  });

  it('carry injection metadata; orderId and assignedBy only in history', () => {
    // Assess
    const metadata = entries.map((entry) => entry.metadata as Doc);
    expect(new Set(metadata.map((m) => m.injectionType))).toEqual(new Set(['manual_ftd', 'auto_ftd']));
    expect(metadata.some((m) => m.orderId instanceof ObjectId)).toBe(true);
    expect(metadata.some((m) => m.assignedBy instanceof ObjectId)).toBe(true);
    for (const lead of leads) {
      const current = currentEntryOf(lead);
      if (current)
        expect(Object.keys(current.metadata as Doc)).toEqual(['domain', 'success', 'injectionType', 'notes']);
    }
  });

  it('use realistic browsers, 1366 x 768 as the most common viewport', () => {
    // Act
    const sizes = entries.map((entry) => `${(entry.viewport as Doc).width}x${(entry.viewport as Doc).height}`);
    const counts = new Map<string, number>();
    for (const size of sizes) counts.set(size, (counts.get(size) ?? 0) + 1);

    // Assess
    expect([...counts].sort((a, b) => b[1] - a[1])[0]?.[0]).toBe('1366x768');
    expect(entries.every((entry) => String(entry.userAgent).startsWith('Mozilla/5.0 ('))).toBe(true);
    expect(new Set(entries.map((entry) => browserOf(String(entry.userAgent))))).toEqual(
      new Set(['Firefox', 'Edge', 'Chrome', 'Safari']),
    );
  });
});

describe('cookies', () => {
  it.each([
    '_ga',
    '_gid',
    '_fbp',
    '__cf_bm',
    'cf_clearance',
    'sessionid',
    'csrftoken',
    'JSESSIONID',
    'PHPSESSID',
    'AWSALB',
  ])('include the real-world cookie %s', (name) => {
    // Assess
    expect(cookies.some((cookie) => cookie.name === name)).toBe(true);
  });

  it('have Mongoose subdocument ids, path "/", a sameSite value and real (post-1971) expiry dates', () => {
    // Assess
    for (const cookie of cookies) {
      expect(cookie._id).toBeInstanceOf(ObjectId);
      expect(cookie.path).toBe('/');
      expect(['Strict', 'Lax', 'None']).toContain(cookie.sameSite);
      if ('expires' in cookie) expect((cookie.expires as Date).getUTCFullYear()).toBeGreaterThan(2000);
    }
    expect(cookies.some((cookie) => String(cookie.name).startsWith('__Secure-'))).toBe(true);
    expect(cookies.some((cookie) => !('expires' in cookie))).toBe(true);
  });

  it('have short values, JWT-like values of 300-1000 characters and a few values near 4 KB', () => {
    // Act
    const lengths = cookies.map((cookie) => String(cookie.value).length);

    // Assess
    expect(lengths.filter((length) => length <= 40).length / lengths.length).toBeGreaterThan(0.4);
    expect(lengths.some((length) => length >= 300 && length <= 1000)).toBe(true);
    expect(lengths.some((length) => length >= 3500 && length <= 4096)).toBe(true);
  });
});

describe('storage', () => {
  it('holds a redux-persist root whose slices are JSON strings themselves', () => {
    // Act
    const root = entries
      .map((entry) => (entry.localStorage as Doc)['persist:root'])
      .find((value) => value !== undefined);
    const slices = JSON.parse(String(root)) as Record<string, string>;

    // Assess
    expect(Object.keys(slices)).toContain('_persist');
    expect(JSON.parse(slices.auth as string)).toHaveProperty('token');
  });

  it.each([
    ['Int32', Int32],
    ['Double', Double],
    ['Long', Long],
  ])('contains %s values, which a codec must preserve', (_name, type) => {
    // Act
    const values = entries.flatMap((entry) => [...walk(entry.localStorage), ...walk(entry.sessionStorage)]);

    // Assess
    expect(values.some((value) => value instanceof type)).toBe(true);
  });

  it('contains integral Doubles (not only fractional ones), in localStorage too', () => {
    // Act
    const doubles = entries.flatMap((entry) => [...walk(entry.localStorage)]).filter((v) => v instanceof Double);

    // Assess
    expect(doubles.some((value) => Number.isInteger((value as Double).value))).toBe(true);
  });

  it('never has dotted or dollar keys without that quirk', () => {
    // Assess
    const keys = entries.flatMap((entry) => Object.keys(entry.localStorage as Doc));
    expect(keys.filter((key) => /[.$]/.test(key))).toEqual([]);
  });
});

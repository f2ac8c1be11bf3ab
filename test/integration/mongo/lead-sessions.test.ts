import { Binary, BSON, BSONRegExp, Double, Int32, Long, ObjectId } from 'bson';
import type { Collection, Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLeadArray } from '#shared/generator/index.ts';
import { readLeadSessions } from '#shared/mongo/lead-digests.ts';
import { readLeadSessionsWithStoredEntries } from '#shared/mongo/lead-sessions.ts';
import { connectTestTarget } from '../embedded-mongo/target.ts';

const now = new Date('2026-11-28T02:00:00.000Z');
let target: Awaited<ReturnType<typeof connectTestTarget>>;
let leads: Collection<Document>;

/** Hand-made leads with the values a decode could alter: wrappers, regexes, nested arrays of documents. */
const oddLeads: Document[] = [
  {
    _id: { compound: 1 },
    leadType: 'ftd',
    currentSessionId: new Int32(5),
    browserSession: { sessionId: 's0', cookies: [{ name: 'a', value: 'b' }], nested: { deeper: [{ x: 1 }] } },
    sessionHistory: [
      {
        sessionId: 's1',
        _id: new ObjectId(),
        cookies: [{ name: 'n', value: 'v', expires: new Double(1.7e9), size: new Int32(3) }],
        localStorage: { big: Long.fromString('9007199254740993'), pattern: new BSONRegExp('a.b', 'imsux') },
        sessionStorage: { blob: new Binary(Buffer.from('bytes'), 4), ratio: new Double(2) },
        nested: [[{ inner: 'document in an array in an array' }], 7],
        createdAt: new Date('2026-10-01T00:00:00Z'),
      },
      null,
      'not a document',
      [{ element: 'a document in an array element' }],
      { sessionId: 's2', viewport: { width: new Int32(10) }, utf8: 'héllo ✓' },
    ],
  },
  { _id: 'string id', leadType: null, sessionHistory: { notAnArray: { x: 1 } }, browserSession: {} },
];

beforeAll(async () => {
  target = await connectTestTarget();
  leads = target.client.db(target.db.databaseName).collection('lead_sessions');
  const generated = generateLeadArray({
    seed: 3,
    leadCount: 60,
    now,
    quirkRates: { wrongTypes: 0.3, encryptedPayload: 0.2, storageKeysWithDotsOrDollar: 0.3, largeHistory: 0.02 },
  });
  await leads.insertMany([...generated, ...oddLeads] as Document[]);
});
afterAll(async () => {
  await target.close();
});

describe('readLeadSessionsWithStoredEntries', () => {
  it('decodes the leads exactly as readLeadSessions does: same leads, order, values and BSON types', async () => {
    const expected = await readLeadSessions(leads, {});
    const { leads: actual } = await readLeadSessionsWithStoredEntries(leads, {});
    expect(actual.length).toBe(expected.length);
    expect(actual.length).toBeGreaterThan(30);
    expect(actual).toStrictEqual(expected);
    expect(actual.map((lead) => Buffer.from(BSON.serialize(lead)).toString('hex'))).toEqual(
      expected.map((lead) => Buffer.from(BSON.serialize(lead)).toString('hex')),
    );
  });

  it('keeps the stored bytes of every document of sessionHistory: those encoding its decoded value writes, or more exact', async () => {
    const { leads: read, storedEntry } = await readLeadSessionsWithStoredEntries(leads, {});
    let entries = 0;
    for (const lead of read) {
      const history: unknown[] = Array.isArray(lead.sessionHistory) ? lead.sessionHistory : [];
      for (const entry of history) {
        const stored = storedEntry(entry);
        if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
          expect(stored).toBeUndefined();
          continue;
        }
        entries += 1;
        if ((entry as Document).sessionId === 's1') {
          // A JavaScript RegExp cannot hold the "u" and "x" options: the stored bytes keep what a decode loses.
          expect(stored?.toDocument()).toMatchObject({ localStorage: { pattern: { options: 'imsux' } } });
          continue;
        }
        expect(Buffer.from(stored?.bytes ?? []).toString('hex')).toBe(
          Buffer.from(BSON.serialize(entry as Document)).toString('hex'),
        );
      }
    }
    expect(entries).toBeGreaterThan(200);
    expect(storedEntry({})).toBeUndefined();
    expect(storedEntry('s1')).toBeUndefined();
  });
});

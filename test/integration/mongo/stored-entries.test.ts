import { Binary, BSON, Decimal128, Double, Int32, Long, ObjectId } from 'bson';
import type { Collection, Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawBsonDocument } from '#shared/core/raw-bson-document.ts';
import { digestEntry } from '#shared/core/session-digest.ts';
import { readStoredEntries, storedEntriesKey } from '#shared/mongo/stored-entries.ts';
import { connectTestTarget } from '../embedded-mongo/target.ts';

let target: Awaited<ReturnType<typeof connectTestTarget>>;
let leads: Collection<Document>;

beforeAll(async () => {
  target = await connectTestTarget();
  leads = target.db.collection('stored_entries');
  await leads.deleteMany({});
});
afterAll(async () => {
  await target.close();
});

const exactTypes = { promoteValues: false, promoteBuffers: false, promoteLongs: false, bsonRegExp: true } as const;

/** Odd types and key orders a byte-exact archive must keep. */
const taken = {
  sessionId: 's-1',
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  z: new Int32(3),
  a: Long.fromBigInt(2n ** 60n),
  d: Decimal128.fromString('-0'),
  m: new Double(-0),
  nested: [[], [{}], [1, [new Binary(new Uint8Array([1, 2]), 0x80)]]],
  cookies: [{ name: 'n', value: 'v' }, { name: 1 }],
};
const kept = { sessionId: 's-2', createdAt: new Date('2026-01-02T00:00:00.000Z') };
/** A browserSession whose own fields are named like the result's arrays: it must still read back decoded. */
const browserSession = { sessionId: 's-1', sessionHistory: [{ a: 1 }], historyDigests: [{ b: new Int32(2) }] };

describe('readStoredEntries: stored copies as the BSON bytes the database holds', () => {
  it('returns the requested entries byte for byte with the digest digestEntry computes, and the rest decoded', async () => {
    // Prepare: in the server's `_id` order, a lead with a document _id and one with an ObjectId (leads' ids are not always ObjectIds).
    const ids = [{ odd: new Int32(1) }, new ObjectId('0123456789abcdef01234567')];
    await leads.insertMany(
      ids.map((_id) => ({ _id, browserSession, sessionHistory: [taken, kept, 'not a document'] })) as Document[],
    );
    const requests = ids.map((leadId) => ({
      leadId,
      browserSession: true,
      sessionIds: ['s-1'],
      withoutSessionId: false,
    }));

    // Act
    const found = await readStoredEntries(leads, requests);

    // Assess: what MongoDB stores for the entry is BSON.serialize of it (the driver sent it so).
    expect(found.size).toBe(2);
    for (const leadId of ids) {
      const stored = found.get(storedEntriesKey(leadId));
      expect(stored?.sessionHistory).toHaveLength(1);
      const [entry] = stored?.sessionHistory ?? [];
      expect(entry?.copy).toBeInstanceOf(RawBsonDocument);
      expect(Buffer.from(entry?.copy.bytes ?? []).toString('hex')).toBe(
        Buffer.from(BSON.serialize(taken)).toString('hex'),
      );
      expect(entry?.digest).toEqual(digestEntry(BSON.deserialize(BSON.serialize(taken), exactTypes)));
      expect(BSON.serialize({ v: stored?.browserSession })).toEqual(BSON.serialize({ v: browserSession }));
    }
  });
});

import { BSON, Double, Int32, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import {
  compressPayload,
  CompressedPayloadError,
  inflateSession,
  type CompressedPayload,
} from '#shared/core/codec/index.ts';
import { asDriverReads, bsonHex } from './bson-arbitraries.ts';

const compressedAt = new Date('2026-11-28T03:00:00Z');
const createdAt = new Date('2026-11-01T10:00:00Z');
const payload = asDriverReads({
  cookies: [{ name: 'sid', value: 'v'.repeat(400), expires: new Date('1970-01-21T00:00:00Z'), _id: new ObjectId() }],
  localStorage: { 'persist:root': '{"auth":"{}"}', count: new Int32(3), ratio: new Double(2) },
});
/** A compressed history entry as the weekly job leaves it: metadata, then the marker where it was $set. */
const compressedEntry = (compressed: CompressedPayload = compressPayload(payload, { compressedAt })) => ({
  _id: new ObjectId('65f0a1b2c3d4e5f601234567'),
  sessionId: 'session_1',
  createdAt,
  isActive: false,
  viewport: { width: 1366, height: 768 },
  compressedPayload: compressed,
});

describe('inflateSession (for the lead-management app)', () => {
  it.each([
    ['the default driver (promoted values, Binary data)', {}],
    ['Mongoose (promoted values, Buffer data)', { promoteBuffers: true }],
  ])('restores an entry read by %s, with the values promoted like the rest of it', (_case, readOptions) => {
    // Prepare
    const read = BSON.deserialize(BSON.serialize(compressedEntry()), readOptions);
    // Act
    const restored = inflateSession(read);
    // Assess
    const { compressedPayload: _marker, ...metadata } = read;
    expect(bsonHex(restored)).toBe(bsonHex({ ...metadata, ...BSON.deserialize(BSON.serialize(payload)) }));
    expect((restored.localStorage as { count: unknown }).count).toBe(3);
  });

  it('restores an entry read with values not promoted to the exact bytes, when asked not to promote', () => {
    // Prepare
    const read = asDriverReads(compressedEntry());
    // Act
    const restored: Record<string, unknown> = inflateSession(read, { promoteValues: false });
    // Assess
    const { compressedPayload: _marker, ...metadata } = read;
    expect(bsonHex(restored)).toBe(bsonHex({ ...metadata, ...payload }));
    expect((restored.localStorage as { ratio: unknown }).ratio).toEqual(new Double(2));
  });

  it('puts the payload fields where the marker was and leaves the metadata as it was', () => {
    const entry = { sessionId: 's', compressedPayload: compressPayload(payload, { compressedAt }), userAgent: 'UA' };
    expect(Object.keys(inflateSession(entry))).toEqual(['sessionId', 'cookies', 'localStorage', 'userAgent']);
  });

  it('does not add payload fields the session did not have', () => {
    const entry = { sessionId: 's', compressedPayload: compressPayload({ cookies: [] }, { compressedAt }) };
    expect(inflateSession(entry)).toEqual({ sessionId: 's', cookies: [] });
  });

  it('keeps payload fields written next to the blob after compression, which are newer than its copy', () => {
    // Prepare: the app set cookies on the compressed entry later
    const entry = { ...compressedEntry(), cookies: [{ name: 'new', value: '1' }] };
    // Act
    const restored: Record<string, unknown> = inflateSession(entry);
    // Assess
    expect(restored.cookies).toEqual([{ name: 'new', value: '1' }]);
    expect(restored.localStorage).toEqual(BSON.deserialize(BSON.serialize(payload)).localStorage);
    expect(restored).not.toHaveProperty('compressedPayload');
  });

  it('returns a plain entry itself, unchanged', () => {
    const entry = { sessionId: 's', cookies: [], localStorage: {} };
    expect(inflateSession(entry)).toBe(entry);
  });

  it('leaves the entry it was given untouched', () => {
    const entry = compressedEntry();
    const before = bsonHex(entry);
    inflateSession(entry);
    expect(bsonHex(entry)).toBe(before);
  });

  it('throws a CompressedPayloadError naming the field for an entry with a malformed marker', () => {
    const entry = {
      ...compressedEntry(),
      compressedPayload: { ...compressPayload(payload, { compressedAt }), codec: 'lz4' },
    };
    expect(() => inflateSession(entry)).toThrow(CompressedPayloadError);
    expect(() => inflateSession(entry)).toThrow('compressedPayload.codec "lz4"');
  });
});

import { Binary, BSON, BSONRegExp, Decimal128, Double, Int32, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import {
  codecLevels,
  codecNames,
  compressPayload,
  defaultCodec,
  extractPayload,
  inflatePayload,
  type SessionPayload,
} from '#shared/core/codec/index.ts';
import { asDriverReads, bsonHex } from './bson-arbitraries.ts';

const compressedAt = new Date('2026-11-28T03:00:00Z');

/** A session payload with every type the contract names, as the weekly job reads it. */
const typedPayload: SessionPayload = asDriverReads({
  cookies: [
    {
      name: 'session',
      value: 'eyJhbGciOiJIUzI1NiJ9.' + 'eyJzdWIiOiIxMjM0NTY3ODkwIn0'.repeat(10) + '.c2ln',
      domain: '.broker.example',
      path: '/',
      expires: new Date('1970-01-21T03:12:00Z'),
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      _id: new ObjectId('65f0a1b2c3d4e5f601234567'),
    },
  ],
  localStorage: {
    'persist:root': JSON.stringify({ auth: '{"token":"x"}', _persist: '{"version":-1,"rehydrated":true}' }),
    'a.b': 'dotted',
    $x: 'dollar',
    '🍪': 'ünïcödé',
    tradePreferences: {
      defaultLeverage: new Int32(30),
      lotSize: new Double(2),
      lastOrderAt: Long.fromBigInt(2n ** 60n + 1n),
      fee: Decimal128.fromString('0.0025'),
      avatar: new Binary(Buffer.from('png'), Binary.SUBTYPE_DEFAULT),
    },
  },
  sessionStorage: { scrollY: new Int32(0), pageLoadMs: new Double(-0), missing: null },
});

describe('compressPayload and inflatePayload', () => {
  it.each(
    codecNames.flatMap((codec) => {
      const { min, max } = codecLevels[codec];
      return Array.from({ length: max - min + 1 }, (_, offset) => [codec, min + offset] as const);
    }),
  )('%s at level %i restores the payload byte for byte and records codec and level', (codec, level) => {
    // Act
    const compressed = compressPayload(typedPayload, { compressedAt, codec: { codec, level } });
    // Assess
    expect(compressed).toMatchObject({
      codec,
      level,
      formatVersion: 1,
      originalBytes: BSON.serialize(typedPayload).length,
      storedBytes: compressed.data.length(),
      compressedAt,
    });
    expect(compressed.data.sub_type).toBe(Binary.SUBTYPE_DEFAULT);
    expect(bsonHex(inflatePayload(compressed))).toBe(bsonHex(typedPayload));
  });

  it('compresses with the default codec when none is given', () => {
    expect(compressPayload(typedPayload, { compressedAt })).toMatchObject(defaultCodec);
  });

  it('keeps every BSON type: an integral Double stays a Double, a Long a Long, an Int32 an Int32', () => {
    // Act
    const inflated = inflatePayload(compressPayload(typedPayload, { compressedAt })) as {
      localStorage: { tradePreferences: Record<string, unknown> };
      sessionStorage: Record<string, unknown>;
    };
    // Assess
    const preferences = inflated.localStorage.tradePreferences;
    expect(preferences.defaultLeverage).toEqual(new Int32(30));
    expect(preferences.lotSize).toEqual(new Double(2));
    expect(preferences.lastOrderAt).toEqual(Long.fromBigInt(2n ** 60n + 1n));
    expect(Object.is((inflated.sessionStorage.pageLoadMs as Double).value, -0)).toBe(true);
  });

  it.each([
    ['only cookies', { cookies: [] }, ['cookies']],
    ['only sessionStorage', { sessionStorage: {} }, ['sessionStorage']],
    ['no field at all', {}, []],
    [
      'fields in an unusual stored order',
      { sessionStorage: {}, cookies: [], localStorage: {} },
      ['sessionStorage', 'cookies', 'localStorage'],
    ],
  ])('keeps the fields as they were with %s: a missing field stays missing', (_case, payload, fields) => {
    expect(Object.keys(inflatePayload(compressPayload(payload, { compressedAt })))).toEqual(fields);
  });

  it.each([
    ['cookies not an array', { cookies: 'name=value' }],
    ['localStorage a string', { localStorage: '{"a":1}' }],
    ['an encrypted envelope', { cookies: { encrypted: 'ab'.repeat(64), iv: '00'.repeat(16), _encrypted: true } }],
  ])('restores payloads of the wrong type as they are (%s)', (_case, payload) => {
    expect(bsonHex(inflatePayload(compressPayload(payload, { compressedAt })))).toBe(bsonHex(payload));
  });

  it('restores a regex with its stored options even when the driver read it as a JavaScript RegExp', () => {
    // Prepare: the database holds options "ms"; a JavaScript RegExp holds them as the flags "gm"
    const stored = BSON.serialize({ localStorage: { pattern: new BSONRegExp('^a', 'ms') } });
    const asJavaScript = BSON.deserialize(stored, { promoteValues: false }) as SessionPayload;
    // Act
    const inflated = inflatePayload(compressPayload(asJavaScript, { compressedAt }));
    // Assess: the stored bytes, which the JavaScript RegExp itself does not re-serialize to
    expect(Buffer.from(BSON.serialize(inflated))).toEqual(Buffer.from(stored));
    expect(Buffer.from(BSON.serialize(asJavaScript))).not.toEqual(Buffer.from(stored));
  });

  it('promotes values only when asked', () => {
    const compressed = compressPayload(typedPayload, { compressedAt });
    const promoted = inflatePayload(compressed, { promoteValues: true }) as { sessionStorage: { scrollY: unknown } };
    expect(promoted.sessionStorage.scrollY).toBe(0);
  });

  it.each([
    [
      'a field that is not a payload field',
      { cookies: [], sessionId: 's' } as SessionPayload,
      TypeError,
      'not sessionId',
    ],
  ])('refuses %s', (_case, payload, errorType, message) => {
    expect(() => compressPayload(payload, { compressedAt })).toThrow(errorType);
    expect(() => compressPayload(payload, { compressedAt })).toThrow(message);
  });

  it.each([
    [{ codec: 'lz4', level: 1 }, 'codec "lz4" is not one of zstd, brotli, gzip'],
    [{ codec: 'zstd', level: 23 }, 'zstd level 23 is not a whole number in 1..22'],
    [{ codec: 'gzip', level: 0 }, 'gzip level 0 is not a whole number in 1..9'],
    [{ codec: 'brotli', level: 4.5 }, 'brotli level 4.5 is not a whole number in 0..11'],
  ])('refuses the codec choice %j', (codec, message) => {
    expect(() => compressPayload({ cookies: [] }, { compressedAt, codec: codec as typeof defaultCodec })).toThrow(
      message,
    );
  });

  it('refuses an invalid compressedAt', () => {
    expect(() => compressPayload({ cookies: [] }, { compressedAt: new Date(Number.NaN) })).toThrow(
      'compressedAt must be a valid Date',
    );
  });
});

describe('extractPayload', () => {
  it.each([
    [
      'the present fields in stored order, metadata left out',
      { sessionId: 's', localStorage: { a: '1' }, userAgent: 'UA', cookies: [] },
      { localStorage: { a: '1' }, cookies: [] },
    ],
    ['nothing from an entry without payload', { sessionId: 's', createdAt: compressedAt }, {}],
    [
      'no field holding undefined (BSON does not store it)',
      { cookies: undefined, sessionStorage: {} },
      { sessionStorage: {} },
    ],
  ])('takes %s', (_case, entry, expected) => {
    const payload = extractPayload(entry);
    expect(payload).toEqual(expected);
    expect(Object.keys(payload)).toEqual(Object.keys(expected));
  });
});

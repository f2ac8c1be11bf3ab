import { BSON } from 'bson';
import { describe, expect, it } from 'vitest';
import {
  bsonByteLength,
  compressPayload,
  elementsByteLength,
  isCompressed,
  planCompression,
} from '#shared/core/codec/index.ts';
import { asDriverReads } from './bson-arbitraries.ts';

const compressedAt = new Date('2026-11-28T03:00:00Z');
const cookies = Array.from({ length: 30 }, (_, i) => ({
  name: `cookie_${i}`,
  value: `eyJhbGciOiJIUzI1NiJ9.${'eyJ1c2VyIjoiYWxpY2UifQ'.repeat(8)}.${i}`,
  domain: '.broker.example',
  path: '/',
}));
const historyEntry = (payload: Record<string, unknown>) =>
  asDriverReads({ sessionId: 'session_1', createdAt: compressedAt, isActive: false, ...payload });
const envelope = (hexBytes: number) => ({ encrypted: 'a7'.repeat(hexBytes), iv: '3c'.repeat(16), _encrypted: true });

describe('planCompression', () => {
  it('compresses a session that gets smaller, reporting the bytes its fields take before and after', () => {
    // Prepare
    const entry = historyEntry({ cookies, localStorage: { theme: 'dark' }, sessionStorage: {} });
    // Act
    const plan = planCompression(entry, { compressedAt });
    // Assess
    expect(plan).toMatchObject({
      compress: true,
      payloadBytes: elementsByteLength(entry, ['cookies', 'localStorage', 'sessionStorage']),
    });
    if (!plan.compress) throw new Error('expected a compression');
    expect(plan.compressedFieldBytes).toBe(
      elementsByteLength({ compressedPayload: plan.compressed }, ['compressedPayload']),
    );
    expect(plan.bytesSaved).toBe(plan.payloadBytes - plan.compressedFieldBytes);
    expect(plan.payloadBytes / plan.compressedFieldBytes).toBeGreaterThan(3);
  });

  it.each([
    [
      'an empty payload (the blob and its marker outweigh it)',
      { cookies: [], localStorage: {}, sessionStorage: {} },
      'no-saving',
    ],
    ['a payload of one short cookie', { cookies: [{ name: 'a', value: 'b' }] }, 'no-saving'],
    ['a small encrypted payload (opaque, too small to gain)', { cookies: envelope(16) }, 'no-saving'],
    ['an entry without payload fields', {}, 'no-payload'],
    [
      'an entry compressed before',
      { compressedPayload: compressPayload({ cookies }, { compressedAt }) },
      'already-compressed',
    ],
    [
      'an entry with a malformed marker (never overwritten)',
      { compressedPayload: 'garbage', cookies },
      'already-compressed',
    ],
  ])('leaves %s as it is', (_case, payload, reason) => {
    // Prepare
    const entry = historyEntry(payload);
    // Act
    const plan = planCompression(entry, { compressedAt });
    // Assess
    expect(plan).toEqual({
      compress: false,
      reason,
      payloadBytes: elementsByteLength(entry, ['cookies', 'localStorage', 'sessionStorage']),
    });
  });

  it('compresses a large encrypted payload like any other: its hex text halves, and it comes back byte for byte', () => {
    const entry = historyEntry({
      cookies: envelope(4000),
      localStorage: envelope(2000),
      sessionStorage: envelope(500),
    });
    const plan = planCompression(entry, { compressedAt, codec: { codec: 'zstd', level: 3 } });
    expect(plan.compress).toBe(true);
    if (plan.compress) expect(plan.bytesSaved).toBeGreaterThan(plan.payloadBytes * 0.4);
  });

  it('compresses with the codec it is given', () => {
    const plan = planCompression(historyEntry({ cookies }), { compressedAt, codec: { codec: 'gzip', level: 9 } });
    expect(plan).toMatchObject({ compress: true, compressed: { codec: 'gzip', level: 9 } });
  });

  it('does not change the entry it plans for', () => {
    const entry = historyEntry({ cookies, localStorage: { a: '1' } });
    const before = Buffer.from(BSON.serialize(entry));
    planCompression(entry, { compressedAt });
    expect(Buffer.from(BSON.serialize(entry))).toEqual(before);
  });
});

describe('isCompressed', () => {
  it.each([
    ['an entry with a compressedPayload', { sessionId: 's', compressedPayload: { codec: 'zstd' } }, true],
    ['an entry with a null compressedPayload (present, so never compressed again)', { compressedPayload: null }, true],
    ['a plain entry', { sessionId: 's', cookies: [] }, false],
    ['an array', [{ compressedPayload: {} }], false],
    ['null', null, false],
    ['a string', 'compressedPayload', false],
  ])('is %s for %s', (_case, entry, expected) => {
    expect(isCompressed(entry)).toBe(expected);
  });
});

describe('bsonByteLength and elementsByteLength', () => {
  it.each([
    ['a one-field document', { a: 'x' }, 14],
    ['an empty document', {}, 5],
    ['a document with an Int32 and a nested document', { n: 1, d: { b: true } }, 24],
  ])('bsonByteLength counts %s as BSON.serialize does', (_case, document, bytes) => {
    expect(bsonByteLength(document)).toBe(bytes);
    expect(BSON.serialize(document).length).toBe(bytes);
  });

  it.each([
    ['one string field: type byte, name, length, value', { a: 'x', b: 'yy' }, ['a'], 9],
    ['fields that are absent', { a: 'x' }, ['cookies', 'localStorage'], 0],
    ['all fields: the document minus its length and terminator', { a: 'x', b: 'yy' }, ['a', 'b'], 19],
    ['a field named __proto__ that BSON stores', JSON.parse('{"__proto__": "x"}'), ['__proto__'], 17],
  ])('elementsByteLength counts %s', (_case, entry, fields, bytes) => {
    expect(elementsByteLength(entry, fields)).toBe(bytes);
  });
});

import { Binary, BSON, Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import {
  compressPayload,
  CompressedPayloadError,
  inflatePayload,
  type CompressedPayload,
} from '#shared/core/codec/index.ts';
import { bsonHex } from './bson-arbitraries.ts';

const compressedAt = new Date('2026-11-28T03:00:00Z');
const payload = { cookies: [{ name: 'sid', value: 'v'.repeat(300) }], localStorage: { theme: 'dark' } };
const valid: CompressedPayload = compressPayload(payload, { compressedAt, codec: { codec: 'zstd', level: 3 } });
const withoutField = (field: keyof CompressedPayload) =>
  Object.fromEntries(Object.entries(valid).filter(([name]) => name !== field));

describe('inflatePayload checks the marker strictly', () => {
  it.each([
    ['not a document', 'packed', null, 'compressedPayload must be a document, got string'],
    ['an array', [valid], null, 'compressedPayload must be a document, got array'],
    [
      'an unknown codec',
      { ...valid, codec: 'lz4' },
      'codec',
      'compressedPayload.codec "lz4" is not one of zstd, brotli, gzip',
    ],
    ['a codec that is not a string', { ...valid, codec: 1 }, 'codec', 'compressedPayload.codec (int) is not one of'],
    [
      'a newer format version',
      { ...valid, formatVersion: 2 },
      'formatVersion',
      'compressedPayload.formatVersion 2 is not supported',
    ],
    [
      'no format version',
      withoutField('formatVersion'),
      'formatVersion',
      'compressedPayload.formatVersion must be a number, got missing',
    ],
    ['a format version as a string', { ...valid, formatVersion: '1' }, 'formatVersion', 'must be a number, got string'],
    [
      'a field version 1 does not have',
      { ...valid, dictionaryId: 7 },
      'dictionaryId',
      'compressedPayload.dictionaryId is not a field of format version 1',
    ],
    ['a missing sha256', withoutField('sha256'), 'sha256', 'compressedPayload.sha256 is missing'],
    [
      'a level out of the codec range',
      { ...valid, level: 23 },
      'level',
      'compressedPayload.level must be a whole number in 1..22, got 23',
    ],
    [
      'a fractional originalBytes',
      { ...valid, originalBytes: 10.5 },
      'originalBytes',
      'compressedPayload.originalBytes must be a whole number',
    ],
    ['an originalBytes over 16 MiB', { ...valid, originalBytes: 17_000_000 }, 'originalBytes', 'in 5..16777216'],
    [
      'a storedBytes that is not the length of data',
      { ...valid, storedBytes: 1 },
      'storedBytes',
      `compressedPayload.storedBytes is 1 but data holds ${valid.storedBytes} bytes`,
    ],
    [
      'an uppercase sha256',
      { ...valid, sha256: valid.sha256.toUpperCase() },
      'sha256',
      'compressedPayload.sha256 must be 64 lowercase hex characters',
    ],
    ['a short sha256', { ...valid, sha256: 'abc' }, 'sha256', 'must be 64 lowercase hex characters'],
    [
      'compressedAt as a string',
      { ...valid, compressedAt: '2026-11-28' },
      'compressedAt',
      'compressedPayload.compressedAt must be a valid date, got string',
    ],
    [
      'data as a string',
      { ...valid, data: 'KLUv/Q==' },
      'data',
      'compressedPayload.data must be binary data, got string',
    ],
    [
      'data of binary subtype 4',
      { ...valid, data: new Binary(valid.data.buffer, Binary.SUBTYPE_UUID) },
      'data',
      'must be binary subtype 0, got subtype 4',
    ],
  ])('refuses %s, naming the field', (_case, marker, field, message) => {
    // Act
    const inflate = () => inflatePayload(marker);
    // Assess
    expect(inflate).toThrow(CompressedPayloadError);
    expect(inflate).toThrow(message);
    expect(() => inflate()).toThrow(expect.objectContaining({ field }));
  });

  it.each([
    ['as compressPayload returns it', valid],
    [
      'read with values not promoted (Int32 numbers)',
      BSON.deserialize(BSON.serialize(valid), { promoteValues: false }),
    ],
    ['read with promoted values (JavaScript numbers)', BSON.deserialize(BSON.serialize(valid))],
    ['read with promoted buffers (data a Buffer)', BSON.deserialize(BSON.serialize(valid), { promoteBuffers: true })],
    ['with data as a plain Uint8Array', { ...valid, data: new Uint8Array(valid.data.buffer) }],
    [
      'with numbers stored as Double and Long',
      {
        ...valid,
        formatVersion: new Double(1),
        originalBytes: Long.fromNumber(valid.originalBytes),
        level: new Int32(3),
      },
    ],
  ])('accepts a marker %s', (_case, marker) => {
    expect(bsonHex(inflatePayload(marker))).toBe(bsonHex(payload));
  });
});

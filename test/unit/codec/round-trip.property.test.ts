import { BSON } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bsonByteLength,
  codecLevels,
  codecNames,
  compressPayload,
  CompressedPayloadError,
  elementsByteLength,
  inflatePayload,
  inflateSession,
  payloadFieldNames,
  planCompression,
  type CodecChoice,
  type CodecName,
} from '#shared/core/codec/index.ts';
import { asDriverReads, bsonHex, bsonValue, storedPayload } from './bson-arbitraries.ts';

const compressedAt = new Date('2026-11-28T03:00:00Z');
// zstd above 19 and brotli 11 cost tens of ms even on small inputs; they get their own table test.
const fastLevelOf = (codec: CodecName) =>
  fc.integer({ min: codecLevels[codec].min, max: Math.min(codecLevels[codec].max, codec === 'gzip' ? 9 : 10) });

describe('compressPayload then inflatePayload', () => {
  it.each(codecNames)('restores any stored payload byte for byte with %s (1,000 cases)', (codec) => {
    fc.assert(
      fc.property(storedPayload, fastLevelOf(codec), (payload, level) => {
        // Act
        const inflated = inflatePayload(compressPayload(payload, { compressedAt, codec: { codec, level } }));
        // Assess
        expect(bsonHex(inflated)).toBe(bsonHex(payload));
      }),
      { numRuns: 1000 },
    );
  });

  it('restores values as the driver promotes them by default when asked (what Mongoose and the app read)', () => {
    fc.assert(
      fc.property(storedPayload, (payload) => {
        const compressed = compressPayload(payload, { compressedAt, codec: { codec: 'zstd', level: 3 } });
        const promoted = inflatePayload(compressed, { promoteValues: true });
        // Compared through BSON: toEqual would trip over keys such as "constructor".
        expect(bsonHex(promoted)).toBe(bsonHex(BSON.deserialize(BSON.serialize(payload), { bsonRegExp: true })));
      }),
      { numRuns: 300 },
    );
  });

  it('never returns a wrong payload when any byte of the blob is damaged', () => {
    fc.assert(
      fc.property(
        storedPayload,
        fc
          .constantFrom(...codecNames)
          .chain((codec) => fc.record({ codec: fc.constant(codec), level: fastLevelOf(codec) })),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (payload, choice: CodecChoice, position, mask) => {
          // Prepare
          const compressed = compressPayload(payload, { compressedAt, codec: choice });
          const damaged = Buffer.from(compressed.data.buffer);
          const index = position % damaged.length;
          damaged[index] = (damaged[index] ?? 0) ^ mask;
          // Act
          let inflated: unknown;
          try {
            inflated = inflatePayload({ ...compressed, data: damaged });
          } catch (error) {
            // Assess: refused, with the codec's own error type
            expect(error).toBeInstanceOf(CompressedPayloadError);
            return;
          }
          // Assess: or bytes the codec ignores (gzip's header time and OS) were hit, and the payload is intact
          expect(bsonHex(inflated)).toBe(bsonHex(payload));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('byte accounting', () => {
  it('bsonByteLength is the length BSON.serialize writes', () => {
    fc.assert(
      fc.property(storedPayload, (payload) => {
        expect(bsonByteLength(payload)).toBe(BSON.serialize(payload).length);
      }),
      { numRuns: 300 },
    );
  });

  it('planCompression saves exactly the bytes it reports, and inflateSession restores the payload exactly', () => {
    fc.assert(
      fc.property(storedPayload, bsonValue, (payload, metadataValue) => {
        // Prepare: a history entry with metadata around the payload fields
        const entry = asDriverReads({ sessionId: 's1', ...payload, metadata: { note: metadataValue } });
        // Act
        const plan = planCompression(entry, { compressedAt });
        // Assess
        expect(plan.payloadBytes).toBe(elementsByteLength(entry, payloadFieldNames));
        if (!plan.compress) return;
        const compressedEntry: Record<string, unknown> = { sessionId: 's1', metadata: entry.metadata };
        compressedEntry.compressedPayload = plan.compressed;
        expect(bsonByteLength(entry) - bsonByteLength(compressedEntry)).toBe(plan.bytesSaved);
        const restored = inflateSession(asDriverReads(compressedEntry), { promoteValues: false });
        expect(bsonHex(restored)).toBe(bsonHex({ sessionId: 's1', metadata: entry.metadata, ...payload }));
      }),
      { numRuns: 300 },
    );
  });
});

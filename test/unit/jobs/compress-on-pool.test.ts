import { BSON } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codecLevels, codecNames, compressBytes, defaultCodec, type CodecChoice } from '#shared/core/codec/index.ts';
import { generateLeadArray } from '#shared/generator/index.ts';
import { compressBytesOnPool, PoolCompressor } from '#shared/jobs/compress-on-pool.ts';

const now = new Date('2026-11-28T03:00:00Z');

/** The BSON payload documents of generated leads' history sessions: what the weekly job compresses. */
function generatedPayloads(): Uint8Array[] {
  const leads = generateLeadArray({ seed: 11, leadCount: 25, now, quirkRates: { encryptedPayload: 0.1 } });
  return leads.flatMap((lead) => {
    const history: unknown = BSON.deserialize(BSON.serialize(lead), { promoteValues: false }).sessionHistory;
    if (!Array.isArray(history)) return [];
    return history.map((entry: Record<string, unknown>) =>
      BSON.serialize({
        cookies: entry.cookies,
        localStorage: entry.localStorage,
        sessionStorage: entry.sessionStorage,
      }),
    );
  });
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('compressBytesOnPool', () => {
  const payloads = generatedPayloads();

  it('writes the bytes compressBytes writes, with the weekly default codec, on generated session payloads', async () => {
    expect(payloads.length).toBeGreaterThan(50);
    const onPool = await Promise.all(payloads.map((payload) => compressBytesOnPool(payload, defaultCodec)));
    expect(onPool.map(hex)).toEqual(payloads.map((payload) => hex(compressBytes(payload, defaultCodec))));
  });

  it.each(codecNames)(
    'writes the bytes compressBytes writes with %s at its lowest, middle and highest level',
    async (codec) => {
      const { min, max } = codecLevels[codec];
      for (const level of [min, Math.round((min + max) / 2), max]) {
        const choice: CodecChoice = { codec, level };
        for (const payload of payloads.slice(0, 8))
          expect(hex(await compressBytesOnPool(payload, choice))).toBe(hex(compressBytes(payload, choice)));
      }
    },
  );

  it('writes the bytes compressBytes writes on any input, empty and incompressible ones included', async () => {
    for (const codec of codecNames) {
      const choice: CodecChoice = { codec, level: codecLevels[codec].min };
      expect(hex(await compressBytesOnPool(new Uint8Array(0), choice))).toBe(
        hex(compressBytes(new Uint8Array(0), choice)),
      );
    }
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 70_000 }), fc.constantFrom(...codecNames), async (bytes, codec) => {
        const choice: CodecChoice = { codec, level: codec === 'gzip' ? 6 : 3 };
        expect(hex(await compressBytesOnPool(bytes, choice))).toBe(hex(compressBytes(bytes, choice)));
      }),
      { numRuns: 60 },
    );
  });
});

describe('PoolCompressor', () => {
  it('returns each input its own compressed bytes, whatever the order the pool finishes them in', async () => {
    const inputs = Array.from({ length: 40 }, (_, i) => Buffer.from('session '.repeat(50 + ((i * 37) % 900)) + i));
    for (const concurrency of [1, 3]) {
      const compressor = new PoolCompressor(concurrency);
      const results = await Promise.all(inputs.map((input) => compressor.compress(input, defaultCodec)));
      expect(results.map(hex)).toEqual(inputs.map((input) => hex(compressBytes(input, defaultCodec))));
    }
  });

  it('refuses a concurrency below one', () => {
    expect(() => new PoolCompressor(0)).toThrow(RangeError);
    expect(() => new PoolCompressor(1.5)).toThrow(RangeError);
  });

  it('rejects the failed compression alone and keeps serving the others', async () => {
    const compressor = new PoolCompressor(1);
    const invalid = compressor.compress(Buffer.from('x'), { codec: 'gzip', level: 99 });
    const valid = compressor.compress(Buffer.from('y'.repeat(1000)), defaultCodec);
    await expect(invalid).rejects.toThrow();
    expect(hex(await valid)).toBe(hex(compressBytes(Buffer.from('y'.repeat(1000)), defaultCodec)));
  });
});

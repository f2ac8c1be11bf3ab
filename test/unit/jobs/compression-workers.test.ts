import { BSON } from 'bson';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { codecLevels, codecNames, compressBytes, defaultCodec, type CodecChoice } from '#shared/core/codec/index.ts';
import { generateLeadArray } from '#shared/generator/index.ts';
import { CompressionWorkers, type CompressionRequest } from '#shared/jobs/compression-workers.ts';

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
const expected = (requests: readonly CompressionRequest[]): string[] =>
  requests.map((request) => hex(compressBytes(request.bytes, request.codec)));

const workers = new CompressionWorkers(2);
afterAll(async () => {
  await workers.close();
});

describe('CompressionWorkers', () => {
  const payloads = generatedPayloads();

  it('writes the bytes compressBytes writes, with the weekly default codec, on generated session payloads', async () => {
    expect(payloads.length).toBeGreaterThan(50);
    const requests = payloads.map((bytes) => ({ bytes, codec: defaultCodec }));
    // One message per lead in the job: here several at once, so both workers answer, in any order.
    const chunks = [requests.slice(0, 20), requests.slice(20, 21), requests.slice(21)];
    const compressed = await Promise.all(chunks.map((chunk) => workers.compress(chunk)));
    expect(compressed.flat().map(hex)).toEqual(expected(requests));
  });

  it.each(codecNames)(
    'writes the bytes compressBytes writes with %s at its lowest, middle and highest level',
    async (codec) => {
      const { min, max } = codecLevels[codec];
      const requests = [min, Math.round((min + max) / 2), max].flatMap((level) =>
        payloads.slice(0, 6).map((bytes) => ({ bytes, codec: { codec, level } satisfies CodecChoice })),
      );
      expect((await workers.compress(requests)).map(hex)).toEqual(expected(requests));
    },
  );

  it('writes the bytes compressBytes writes on any input, empty and incompressible ones included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 70_000 }), { maxLength: 4 }),
        fc.constantFrom(...codecNames),
        async (inputs, codec) => {
          const requests = [new Uint8Array(0), ...inputs].map((bytes) => ({
            bytes,
            codec: { codec, level: codecLevels[codec].min },
          }));
          expect((await workers.compress(requests)).map(hex)).toEqual(expected(requests));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('answers an empty request without a worker, and refuses a pool without workers', async () => {
    await expect(workers.compress([])).resolves.toEqual([]);
    expect(() => new CompressionWorkers(0)).toThrow(RangeError);
  });

  it('rejects the request the codec refuses and keeps serving the others', async () => {
    const refused = workers.compress([{ bytes: Buffer.from('x'), codec: { codec: 'gzip', level: 99 } }]);
    const served = [{ bytes: Buffer.from('y'.repeat(1000)), codec: defaultCodec }];
    await expect(refused).rejects.toThrow(/compression failed/);
    expect((await workers.compress(served)).map(hex)).toEqual(expected(served));
  });

  it('starts again after close, and an idle pool does not keep the process alive (the test run ends)', async () => {
    const own = new CompressionWorkers(1);
    const requests = [{ bytes: payloads[0] ?? new Uint8Array(0), codec: defaultCodec }];
    expect((await own.compress(requests)).map(hex)).toEqual(expected(requests));
    await own.close();
    expect((await own.compress(requests)).map(hex)).toEqual(expected(requests));
    await own.close();
  });
});

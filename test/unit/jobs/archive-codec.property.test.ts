import { randomBytes } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArchiveDocument, ArchivedChange } from '#shared/jobs/archive.ts';
import {
  archiveBrotliQuality,
  archiveChunkBytes,
  bsonSequence,
  decodeArchive,
  encodeArchive,
} from '#shared/jobs/archive-codec.ts';
import { archiveFormats } from '#shared/storage/keys.ts';
import { bsonHex, storedPayload } from '../codec/bson-arbitraries.ts';

const change: fc.Arbitrary<ArchivedChange> = fc.record({
  leadId: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 24, maxLength: 24 }),
  reason: fc.constantFrom('expired', 'invalid', 'orphaned', 'overLimit', 'optimize'),
  detail: fc.option(fc.constantFrom('missing-session-id', 'cookies-not-array'), { nil: null }),
  sessionId: fc.option(fc.string(), { nil: null }),
  historyEntries: fc.array(storedPayload, { maxLength: 3 }),
});

const archiveOf = (changes: ArchivedChange[]): ArchiveDocument => ({
  schemaVersion: 1,
  runId: 'daily-20261128T020000Z',
  job: 'daily',
  batchIndex: 3,
  archivedAt: '2026-11-28T02:00:01.000Z',
  changes,
});

describe.each(archiveFormats)('archive format %s', (format) => {
  it('decodes what it encoded: the header, and every stored copy byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(change, { maxLength: 4 }), async (changes) => {
        const archive = archiveOf(changes);
        const decoded = await decodeArchive(await encodeArchive(archive, format), format);
        // The old format reads its numbers back as Int32 (canonical Extended JSON): compared as numbers.
        const header = (document: ArchiveDocument) => ({
          runId: document.runId,
          job: document.job,
          archivedAt: document.archivedAt,
          schemaVersion: Number(document.schemaVersion),
          batchIndex: Number(document.batchIndex),
          changes: document.changes.length,
        });
        expect(header(decoded)).toEqual(header(archive));
        expect(decoded.changes.map((decodedChange) => bsonHex(decodedChange))).toEqual(
          changes.map((original) => bsonHex(original)),
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('archive format bson.br', () => {
  it('refuses a sequence whose header counts a different number of changes', async () => {
    const archive = archiveOf([]);
    const sequence = brotliDecompressSync(await encodeArchive(archive, 'bson.br'));
    // The header twice: the second reads as a change the header did not count.
    const withExtra = brotliCompressSync(Buffer.concat([sequence, sequence]));
    await expect(decodeArchive(withExtra, 'bson.br')).rejects.toThrow('header says 0 changes, found 1');
  });
});

describe('archive format bson.br, larger than one output chunk', () => {
  it('writes the bytes of a one-shot brotli compression, and reads every change back', async () => {
    // Prepare: about 6 MB of barely compressible stored copies, so the output spans several chunks.
    const changes: ArchivedChange[] = Array.from({ length: 24 }, (_, index) => ({
      leadId: index.toString(16).padStart(24, '0'),
      reason: 'expired',
      detail: null,
      sessionId: `s${String(index)}`,
      historyEntries: [{ sessionId: `s${String(index)}`, cookies: randomBytes(256 * 1024).toString('base64') }],
    }));
    const archive = archiveOf(changes);
    const sequence = bsonSequence(archive);

    // Act
    const body = await encodeArchive(archive, 'bson.br');
    const decoded = await decodeArchive(body, 'bson.br');

    // Assess
    const oneShot = brotliCompressSync(sequence, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: archiveBrotliQuality,
        [constants.BROTLI_PARAM_SIZE_HINT]: sequence.length,
      },
    });
    expect(body.length).toBeGreaterThan(3 * archiveChunkBytes);
    expect(body.equals(oneShot)).toBe(true);
    expect(decoded.changes.map((change) => bsonHex(change))).toEqual(changes.map((change) => bsonHex(change)));
  });
});

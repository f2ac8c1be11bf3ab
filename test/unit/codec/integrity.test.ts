import { describe, expect, it } from 'vitest';
import {
  codecNames,
  compressPayload,
  CompressedPayloadChecksumError,
  CompressedPayloadCorruptError,
  CompressedPayloadError,
  inflatePayload,
} from '#shared/core/codec/index.ts';

const compressedAt = new Date('2026-11-28T03:00:00Z');
const secret = 'SECRET-TOKEN-VALUE';
const payload = {
  cookies: Array.from({ length: 12 }, (_, i) => ({ name: `c${i}`, value: `${secret}-${i}-${'x'.repeat(80)}` })),
};

/** The error inflatePayload throws, so its type and message can both be checked. */
function inflateError(marker: unknown): unknown {
  try {
    inflatePayload(marker);
  } catch (error) {
    return error;
  }
  throw new Error('inflatePayload did not throw');
}

describe('inflatePayload detects damage', () => {
  it.each(codecNames)('refuses a %s blob with a damaged byte in its compressed body', (codec) => {
    // Prepare: flip a byte in the middle of the stream, away from headers the codec may ignore
    const compressed = compressPayload(payload, { compressedAt, codec: { codec, level: 6 } });
    const damaged = Buffer.from(compressed.data.buffer);
    const middle = Math.floor(damaged.length / 2);
    damaged[middle] = (damaged[middle] ?? 0) ^ 0x55;
    // Act
    const error = inflateError({ ...compressed, data: damaged });
    // Assess: either the codec refuses the stream or the checksum catches it; both say what is wrong
    expect(error).toBeInstanceOf(CompressedPayloadError);
    expect(String(error)).toMatch(/checksum does not match|is corrupt|inflates to/);
    expect(String(error)).not.toContain(secret);
  });

  it.each(codecNames)('refuses a %s blob whose sha256 was tampered with, stating both hash prefixes', (codec) => {
    // Prepare
    const compressed = compressPayload(payload, { compressedAt, codec: { codec, level: 6 } });
    const tampered = { ...compressed, sha256: 'f'.repeat(64) };
    // Act
    const error = inflateError(tampered);
    // Assess
    expect(error).toBeInstanceOf(CompressedPayloadChecksumError);
    expect(error).toMatchObject({ field: 'sha256', expectedSha256: 'f'.repeat(64), actualSha256: compressed.sha256 });
    expect(String(error)).toContain(
      `checksum does not match: expected sha256 ffffffffffff…, got ${compressed.sha256.slice(0, 12)}…`,
    );
    expect(String(error)).not.toContain(secret);
  });

  it.each(codecNames)(
    'refuses a %s blob cut short, naming storedBytes, or the damage when that was adjusted',
    (codec) => {
      // Prepare
      const compressed = compressPayload(payload, { compressedAt, codec: { codec, level: 6 } });
      const truncated = Buffer.from(compressed.data.buffer).subarray(0, compressed.storedBytes - 5);
      // Act
      const lengthError = inflateError({ ...compressed, data: truncated });
      // A truncated zstd frame inflates to a prefix without an error from Node: the checksum is what catches it.
      const damageError = inflateError({ ...compressed, data: truncated, storedBytes: truncated.length });
      // Assess
      expect(lengthError).toMatchObject({ field: 'storedBytes' });
      expect(damageError).toBeInstanceOf(CompressedPayloadError);
      expect(String(damageError)).toMatch(/checksum does not match|is corrupt/);
    },
  );

  it.each([
    ['smaller', -1, `but data inflates to more`],
    ['larger', +1, `but data inflates to`],
  ])('refuses an originalBytes %s than the inflated payload, naming it', (_case, delta, message) => {
    const compressed = compressPayload(payload, { compressedAt });
    const error = inflateError({ ...compressed, originalBytes: compressed.originalBytes + delta });
    expect(error).toBeInstanceOf(CompressedPayloadCorruptError);
    expect(error).toMatchObject({ field: 'originalBytes' });
    expect(String(error)).toContain(message);
  });

  it('refuses a blob in another codec than its marker names', () => {
    const compressed = compressPayload(payload, { compressedAt, codec: { codec: 'gzip', level: 6 } });
    const error = inflateError({ ...compressed, codec: 'zstd', level: 3 });
    expect(error).toBeInstanceOf(CompressedPayloadCorruptError);
    expect(String(error)).toContain('compressedPayload.data is corrupt: zstd cannot inflate it');
  });
});

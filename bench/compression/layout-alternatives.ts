import { BSON } from 'bson';
import { constants, zstdCompressSync } from 'node:zlib';
import { compressBytes, type SessionPayload } from '#shared/core/codec/index.ts';

/**
 * What the codec cannot reach alone, measured to say what would: compressing a lead's sessions together (they
 * share domains, cookie names, user agents and storage layout), or each session against a dictionary made of other
 * leads' sessions. The same BSON payloads, no checksum (brotli through the codec's `compressBytes`, zstd with a
 * dictionary through `node:zlib`): these are layouts the format does not support today, measured for their ratio.
 */
export interface LayoutAlternative {
  readonly layout: string;
  readonly originalBytes: number;
  readonly storedBytes: number;
  readonly ratio: number;
  /** MB of input per CPU second (one run). */
  readonly compressMBps: number;
}

/** Brotli as the codec calls it (window sized to the input): only the layout differs from the codec table. */
const brotli = (bytes: Uint8Array, quality: number): number =>
  compressBytes(bytes, { codec: 'brotli', level: quality }).length;

const zstd = (bytes: Uint8Array, level: number, dictionary?: Buffer): number =>
  zstdCompressSync(bytes, {
    params: { [constants.ZSTD_c_compressionLevel]: level },
    ...(dictionary ? { dictionary } : {}),
  }).length;

function measureLayout(
  layout: string,
  units: readonly Uint8Array[],
  compress: (bytes: Uint8Array) => number,
): LayoutAlternative {
  const cpuBefore = process.cpuUsage();
  const storedBytes = units.reduce((sum, unit) => sum + compress(unit), 0);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const originalBytes = units.reduce((sum, unit) => sum + unit.length, 0);
  return {
    layout,
    originalBytes,
    storedBytes,
    ratio: originalBytes / storedBytes,
    compressMBps: originalBytes / 1e6 / cpuSeconds,
  };
}

/**
 * The payload with every cookie value replaced by as many "x" characters: the same BSON size and layout, minus the
 * values' randomness. Not a layout either: it measures how much of the stored size the generated values are.
 */
function withConstantCookieValues(payload: SessionPayload): SessionPayload {
  const cookies: unknown = payload.cookies;
  if (!Array.isArray(cookies)) return payload;
  return {
    ...payload,
    cookies: cookies.map((cookie: unknown) => {
      if (typeof cookie !== 'object' || cookie === null) return cookie;
      const value = (cookie as { value?: unknown }).value;
      return typeof value === 'string' ? { ...cookie, value: 'x'.repeat(value.length) } : cookie;
    }),
  };
}

/** Dictionary size: zstd's usual 110 KB, cut from the first leads' payloads, which are then left out of the measure. */
const dictionaryBytes = 110_000;

export function measureLayoutAlternatives(leads: readonly (readonly SessionPayload[])[]): LayoutAlternative[] {
  const encoded = leads.map((payloads) => payloads.map((payload) => BSON.serialize(payload)));
  let taken = 0;
  let held = 0;
  while (held < dictionaryBytes && taken < encoded.length)
    held += (encoded[taken++] ?? []).reduce((sum, b) => sum + b.length, 0);
  const dictionary = Buffer.concat(
    (encoded.slice(0, taken).flat() as Uint8Array[]).map((bytes) => Buffer.from(bytes)),
  ).subarray(0, dictionaryBytes);
  const measured = encoded.slice(taken);
  const constantValues = leads
    .slice(taken)
    .flat()
    .map((payload) => BSON.serialize(withConstantCookieValues(payload)));
  const sessions = measured.flat();
  const perLead = measured.map((payloads) => Buffer.concat(payloads.map((bytes) => Buffer.from(bytes))));
  return [
    measureLayout('per session, brotli 9 (as today, reference)', sessions, (bytes) => brotli(bytes, 9)),
    measureLayout("per lead (a lead's sessions in one blob), brotli 9", perLead, (bytes) => brotli(bytes, 9)),
    measureLayout("per lead (a lead's sessions in one blob), zstd 19", perLead, (bytes) => zstd(bytes, 19)),
    measureLayout('per session, zstd 19 with a 110 KB dictionary of other leads', sessions, (bytes) =>
      zstd(bytes, 19, dictionary),
    ),
    measureLayout('per session, zstd 3 with a 110 KB dictionary of other leads', sessions, (bytes) =>
      zstd(bytes, 3, dictionary),
    ),
    measureLayout(
      'per session, brotli 9, cookie values replaced by "x" (what the random values cost)',
      constantValues,
      (bytes) => brotli(bytes, 9),
    ),
  ];
}

/** The compression codecs a `compressedPayload` blob may use (all in Node 24's `node:zlib`, no native add-on). */
export const codecNames = ['zstd', 'brotli', 'gzip'] as const;

/** One of `codecNames`. */
export type CodecName = (typeof codecNames)[number];

/** A codec and the level (brotli: quality) it compresses with. */
export interface CodecChoice {
  readonly codec: CodecName;
  readonly level: number;
}

/**
 * The levels each codec accepts. Level 0 of brotli is allowed (it still compresses); gzip's level 0 only stores, so
 * it could never save space and is refused.
 */
export const codecLevels: Readonly<Record<CodecName, { readonly min: number; readonly max: number }>> = {
  zstd: { min: 1, max: 22 },
  brotli: { min: 0, max: 11 },
  gzip: { min: 1, max: 9 },
};

/**
 * The codec of the weekly job. Measured on 2,000 generated leads (bench/codec.ts, table in docs/codec.md): brotli
 * quality 9 stores history sessions about as small as zstd 19 does, at a fraction of its CPU time, and inflates fast
 * enough for a read on demand.
 */
export const defaultCodec: CodecChoice = Object.freeze({ codec: 'brotli', level: 9 });

/** True when `name` is one of `codecNames`. */
export function isCodecName(name: unknown): name is CodecName {
  return typeof name === 'string' && (codecNames as readonly string[]).includes(name);
}

/**
 * Checks a codec choice from configuration or from a caller.
 * @throws RangeError naming the codec and its valid levels.
 */
export function assertCodecChoice(choice: CodecChoice): void {
  if (!isCodecName(choice.codec)) {
    throw new RangeError(`codec ${JSON.stringify(choice.codec)} is not one of ${codecNames.join(', ')}`);
  }
  const range = codecLevels[choice.codec];
  if (!Number.isInteger(choice.level) || choice.level < range.min || choice.level > range.max) {
    throw new RangeError(
      `${choice.codec} level ${String(choice.level)} is not a whole number in ${range.min}..${range.max}`,
    );
  }
}

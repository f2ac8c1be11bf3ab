/**
 * A small seeded pseudo-random number generator (sfc32, seeded through splitmix32), so that generated data depends on
 * the seed alone: never `Math.random`, never the clock. Not cryptographic; it only has to be fast, well mixed and the
 * same on every machine (it uses 32-bit integer arithmetic only).
 */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An unsigned 32-bit integer. */
  uint32(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One element of a non-empty list of `[item, weight]` pairs, with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /**
   * True with probability `probability` (0 never, 1 always). Always consumes exactly one draw, so a changed rate
   * never shifts the draws that follow.
   */
  chance(probability: number): boolean;
  /** `length` lowercase hexadecimal characters. */
  hex(length: number): string;
  /** `length` characters drawn from `alphabet` (1 to 64 printable ASCII symbols). */
  chars(length: number, alphabet: string): string;
}

const golden = 0x9e3779b9;
const hexDigits = '0123456789abcdef';
const latin1 = new TextDecoder('latin1');
const symbolCache = new Map<string, Uint8Array>();

/** The alphabet as ASCII codes (cached: a handful of alphabets are used millions of times). */
function symbolCodes(alphabet: string): Uint8Array {
  let codes = symbolCache.get(alphabet);
  if (codes === undefined) {
    if (alphabet.length === 0 || alphabet.length > 64 || !/^[\x20-\x7e]+$/.test(alphabet)) {
      throw new RangeError('chars() needs 1 to 64 printable ASCII symbols');
    }
    codes = Uint8Array.from(alphabet, (symbol) => symbol.charCodeAt(0));
    symbolCache.set(alphabet, codes);
  }
  return codes;
}

/** The splitmix32 finaliser: spreads every input bit over the whole word. */
function mix32(value: number): number {
  let z = Math.imul(value ^ (value >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function assertFiniteSeed(seed: number, name: string): void {
  if (!Number.isFinite(seed)) throw new RangeError(`${name} must be a finite number, got ${String(seed)}`);
}

/** sfc32 (Chris Doty-Humphrey's small fast counter): 128 bits of state, 32-bit outputs. */
class Sfc32 implements SeededRandom {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.#a = a;
    this.#b = b;
    this.#c = c;
    this.#d = d;
    // sfc32's authors discard the first outputs so that similar seeds do not start with similar values.
    for (let i = 0; i < 12; i += 1) this.uint32();
  }

  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.uint32() / 2 ** 32;
  }

  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) {
      throw new RangeError(`int(min, max) needs integers with min <= max, got ${min}, ${max}`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    if (!(total > 0)) throw new RangeError('weighted() needs at least one positive weight');
    let target = this.next() * total;
    for (const [item, weight] of entries) {
      target -= weight;
      if (target < 0) return item;
    }
    return (entries.at(-1) as readonly [T, number])[0];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  hex(length: number): string {
    return this.chars(length, hexDigits);
  }

  chars(length: number, alphabet: string): string {
    const symbols = symbolCodes(alphabet);
    const codes = new Uint8Array(length);
    // Five 6-bit indices per 32-bit draw: long cookie values dominate the run time; the modulo bias is irrelevant.
    for (let filled = 0; filled < length;) {
      let word = this.uint32();
      for (let i = 0; i < 5 && filled < length; i += 1) {
        codes[filled] = symbols[(word & 63) % symbols.length] as number;
        filled += 1;
        word >>>= 6;
      }
    }
    return latin1.decode(codes);
  }
}

/**
 * A generator for `seed`. `stream` selects an independent sequence for the same seed (the lead generator gives every
 * lead its own stream, so one lead's draws never shift another's).
 */
export function createRandom(seed: number, stream = 0): SeededRandom {
  assertFiniteSeed(seed, 'seed');
  assertFiniteSeed(stream, 'stream');
  const whole = Math.floor(seed);
  const low = whole >>> 0;
  const high = Math.floor(whole / 2 ** 32) >>> 0;
  let state = mix32(low) ^ mix32(high ^ 0x1b873593) ^ mix32((Math.floor(stream) >>> 0) + 0x27d4eb2f);
  const splitmix = (): number => {
    state = (state + golden) | 0;
    return mix32(state);
  };
  return new Sfc32(splitmix(), splitmix(), splitmix(), splitmix() | 1);
}

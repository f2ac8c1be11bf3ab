import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '#shared/generator/index.ts';

const draws = (seed: number, stream = 0, count = 20) => {
  const random = createRandom(seed, stream);
  return Array.from({ length: count }, () => random.uint32());
};

describe('createRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    // Assess
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(draws(seed)).toEqual(draws(seed));
      }),
    );
  });

  it.each([
    ['neighbouring seeds', 1, 0, 2, 0],
    ['seed 0 and 2^32 (high bits matter)', 0, 0, 2 ** 32, 0],
    ['two streams of one seed', 7, 1, 7, 2],
  ])('gives different sequences for %s', (_label, seedA, streamA, seedB, streamB) => {
    // Assess
    expect(draws(seedA, streamA)).not.toEqual(draws(seedB, streamB));
  });

  it('next() stays in [0, 1) and int() in its inclusive bounds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.nat(1000), (seed, min, span): void => {
        // Prepare
        const random = createRandom(seed);

        // Act
        const value = random.next();
        const integer = random.int(min, min + span);

        // Assess
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThan(1);
        expect(Number.isInteger(integer) && integer >= min && integer <= min + span).toBe(true);
      }),
    );
  });

  it('int() reaches both bounds', () => {
    // Prepare
    const random = createRandom(3);

    // Act
    const seen = new Set(Array.from({ length: 500 }, () => random.int(1, 4)));

    // Assess
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
  });

  it.each([
    [0, 0],
    [1, 1000],
  ])('chance(%d) is true %d times in 1000', (probability, expected) => {
    // Prepare
    const random = createRandom(5);

    // Act
    const hits = Array.from({ length: 1000 }, () => random.chance(probability)).filter(Boolean).length;

    // Assess
    expect(hits).toBe(expected);
  });

  it('chance(0.25) is true about a quarter of the time', () => {
    // Prepare
    const random = createRandom(6);

    // Act
    const hits = Array.from({ length: 10_000 }, () => random.chance(0.25)).filter(Boolean).length;

    // Assess
    expect(hits).toBeGreaterThan(2300);
    expect(hits).toBeLessThan(2700);
  });

  it.each([0, 1, 7, 8, 33, 4096])('hex(%d) gives that many lowercase hex digits', (length) => {
    // Act
    const hex = createRandom(8).hex(length);

    // Assess
    expect(hex).toMatch(new RegExp(`^[0-9a-f]{${length}}$`));
  });

  it('chars() uses only the given alphabet', () => {
    // Act
    const text = createRandom(9).chars(500, 'xyz');

    // Assess
    expect(text).toMatch(/^[xyz]{500}$/);
  });

  it('pick() and weighted() return members, weighted() by weight', () => {
    // Prepare
    const random = createRandom(10);

    // Act
    const picks = Array.from({ length: 2000 }, () => random.pick(['a', 'b']));
    const weighted = Array.from({ length: 2000 }, () =>
      random.weighted([
        ['rare', 1],
        ['common', 9],
        ['never', 0],
      ] as const),
    );

    // Assess
    expect(new Set(picks)).toEqual(new Set(['a', 'b']));
    expect(weighted).not.toContain('never');
    expect(weighted.filter((item) => item === 'common').length).toBeGreaterThan(1700);
  });

  it.each([
    ['an empty pick', () => createRandom(1).pick([])],
    ['int with min > max', () => createRandom(1).int(3, 2)],
    ['a non-finite seed', () => createRandom(Number.NaN)],
    ['an empty alphabet', () => createRandom(1).chars(3, '')],
  ])('rejects %s', (_label, act) => {
    // Assess
    expect(act).toThrow(RangeError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCounts, countAt, increment, type CountTree } from '#shared/jobs/counters.ts';

const tree: fc.Arbitrary<CountTree> = fc.letrec((tie) => ({
  node: fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof(fc.nat(1000), tie('leaf')), { maxKeys: 3 }),
  leaf: fc.dictionary(fc.constantFrom('x', 'y'), fc.nat(1000), { maxKeys: 2 }),
})).node as fc.Arbitrary<CountTree>;
const sameShape = (a: CountTree, b: CountTree) => {
  try {
    addCounts(a, b);
    return true;
  } catch {
    return false;
  }
};

describe('addCounts', () => {
  it('is associative and commutative with {} as identity (1,000 cases)', () => {
    fc.assert(
      fc.property(tree, tree, tree, (a, b, c) => {
        fc.pre(sameShape(a, b) && sameShape(b, c) && sameShape(a, c) && sameShape(addCounts(a, b), c));
        expect(addCounts(addCounts(a, b), c)).toEqual(addCounts(a, addCounts(b, c)));
        expect(addCounts(a, b)).toEqual(addCounts(b, a));
        expect(addCounts(a, {})).toEqual(a);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses to add a count to a subtree', () => {
    expect(() => addCounts({ a: 1 }, { a: { b: 1 } })).toThrow('cannot add counts of different shapes at "a"');
  });
});

describe('increment and countAt', () => {
  it('builds nested counts and reads them back', () => {
    const counts: Record<string, number | CountTree> = {};
    increment(counts, ['sessionsRemoved', 'expired'], 3);
    increment(counts, ['sessionsRemoved', 'expired']);
    expect(countAt(counts, ['sessionsRemoved', 'expired'])).toBe(4);
    expect(countAt(counts, ['sessionsRemoved', 'invalid'])).toBe(0);
  });
});

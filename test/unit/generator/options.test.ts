import { describe, expect, it } from 'vitest';
import {
  defaultQuirkRates,
  generateLeads,
  noQuirks,
  resolveOptions,
  type GeneratorOptions,
} from '#shared/generator/index.ts';

const now = new Date('2026-11-28T02:00:00.000Z');
const valid: GeneratorOptions = { seed: 1, leadCount: 10, now };

describe('generator options', () => {
  it('applies the documented defaults', () => {
    // Act
    const resolved = resolveOptions(valid);

    // Assess
    expect(resolved.quirkRates).toEqual(defaultQuirkRates);
    expect(resolved.sessionsPerLead).toEqual({ min: 0, max: 15 });
    expect(resolved.cookiesPerSession).toEqual({ min: 0, max: 40 });
    expect(resolved.firstObjectIdTime).toEqual(new Date(now.getTime() - 400 * 86_400_000));
  });

  it('overrides only the quirk rates it is given', () => {
    // Act
    const resolved = resolveOptions({ ...valid, quirkRates: { largeHistory: 0.5 } });

    // Assess
    expect(resolved.quirkRates).toEqual({ ...defaultQuirkRates, largeHistory: 0.5 });
  });

  it('keeps noQuirks the app normal behaviour: every rate 0 but currentStoredTwice 1', () => {
    // Assess
    const nonZero = Object.entries(noQuirks).filter(([, rate]) => rate !== 0);
    expect(nonZero).toEqual([['currentStoredTwice', 1]]);
  });

  it.each([
    ['an unknown quirk', { quirkRates: { phantomSession: 0.1 } }, /quirkRates\.phantomSession/],
    ['a rate above 1', { quirkRates: { wrongTypes: 1.5 } }, /quirkRates\.wrongTypes/],
    ['a negative rate', { quirkRates: { wrongTypes: -0.1 } }, /quirkRates\.wrongTypes/],
    ['a fractional lead count', { leadCount: 1.5 }, /leadCount/],
    ['a negative lead count', { leadCount: -1 }, /leadCount/],
    ['a non-finite seed', { seed: Number.POSITIVE_INFINITY }, /seed/],
    ['an invalid now', { now: new Date(Number.NaN) }, /now/],
    ['min above max', { sessionsPerLead: { min: 5, max: 2 } }, /sessionsPerLead/],
    ['a negative cookie count', { cookiesPerSession: { min: -1, max: 2 } }, /cookiesPerSession/],
    ['a first id time after now', { firstObjectIdTime: new Date(now.getTime() + 1) }, /firstObjectIdTime/],
    ['an unknown option', { leadcount: 3 }, /leadcount/],
  ])('rejects %s, naming the option', (_label, override, message) => {
    // Prepare
    const options = { ...valid, ...override } as GeneratorOptions;

    // Assess
    expect(() => resolveOptions(options)).toThrow(message);
  });

  it('rejects bad options when generateLeads is called, before the first lead is requested', () => {
    // Assess
    expect(() => generateLeads({ ...valid, leadCount: -5 })).toThrow(/leadCount/);
  });
});

import { BSON } from 'bson';
import { describe, expect, it } from 'vitest';
import { generateLeadArray, generateLeads, noQuirks, type CountRange } from '#shared/generator/index.ts';
import { cookieArraysOf, historyOf, sessionEntriesOf, sessionIdsOf } from './lead-inspection.ts';

const now = new Date('2026-11-28T02:00:00.000Z');

describe('count ranges', () => {
  it.each<[CountRange]>([[{ min: 0, max: 0 }], [{ min: 3, max: 3 }], [{ min: 2, max: 5 }], [{ min: 0, max: 15 }]])(
    'every lead has sessionsPerLead %o distinct sessions',
    (range) => {
      // Act
      const leads = generateLeadArray({ seed: 31, leadCount: 150, now, quirkRates: noQuirks, sessionsPerLead: range });

      // Assess
      const counts = leads.map((lead) => sessionIdsOf(lead).size);
      expect(Math.min(...counts)).toBe(range.min);
      expect(Math.max(...counts)).toBe(range.max);
    },
  );

  it.each<[CountRange]>([[{ min: 0, max: 0 }], [{ min: 5, max: 5 }], [{ min: 1, max: 3 }], [{ min: 30, max: 40 }]])(
    'every session has cookiesPerSession %o cookies',
    (range) => {
      // Act
      const leads = generateLeadArray({ seed: 32, leadCount: 80, now, quirkRates: noQuirks, cookiesPerSession: range });

      // Assess
      const counts = leads.flatMap(cookieArraysOf).map((cookies) => cookies.length);
      expect(Math.min(...counts)).toBe(range.min);
      expect(Math.max(...counts)).toBe(range.max);
    },
  );
});

describe('the default corpus (2,000 leads)', () => {
  const leads = generateLeadArray({ seed: 1, leadCount: 2000, now });
  const sessionSizes = leads
    .flatMap(sessionEntriesOf)
    .map((entry) => BSON.calculateObjectSize(entry))
    .sort((a, b) => a - b);
  const leadSizes = leads.map((lead) => BSON.calculateObjectSize(lead));
  const average = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

  it('reports its sizes', () => {
    // Act
    const figures = {
      leads: leads.length,
      sessionEntries: sessionSizes.length,
      averageSessionBytes: Math.round(average(sessionSizes)),
      medianSessionBytes: sessionSizes[sessionSizes.length >> 1],
      averageLeadBytes: Math.round(average(leadSizes)),
      largestLeadBytes: Math.max(...leadSizes),
    };
    console.log('generator sizes (defaults, seed 1):', JSON.stringify(figures));

    // Assess
    expect(figures.averageSessionBytes).toBeGreaterThan(2_000);
    expect(figures.averageSessionBytes).toBeLessThan(15_000);
    expect(figures.largestLeadBytes).toBeLessThan(16 * 1024 * 1024);
  });

  it('has typical sessions of 2-15 KB (10th to 90th percentile)', () => {
    // Assess
    expect(sessionSizes[Math.floor(sessionSizes.length * 0.1)]).toBeGreaterThan(1_500);
    expect(sessionSizes[Math.floor(sessionSizes.length * 0.9)]).toBeLessThan(15_000);
  });

  it('has large sessions (30+ cookies) of 10 KB and more on average', () => {
    // Act
    const large = leads
      .flatMap(sessionEntriesOf)
      .filter((entry) => Array.isArray(entry.cookies) && entry.cookies.length >= 30)
      .map((entry) => BSON.calculateObjectSize(entry));

    // Assess
    expect(large.length).toBeGreaterThan(100);
    expect(average(large)).toBeGreaterThan(10_000);
  });

  it('has heavy leads (10+ history entries) with around 100 KB of session data', () => {
    // Act
    const heavy = leads
      .map(historyOf)
      .filter((history) => history.length >= 10 && history.length < 100)
      .map((history) => history.reduce((sum, entry) => sum + BSON.calculateObjectSize(entry), 0));

    // Assess
    expect(average(heavy)).toBeGreaterThan(60_000);
    expect(average(heavy)).toBeLessThan(160_000);
  });

  it('leaves about 35 % of leads without any session, and some over 10 history entries', () => {
    // Assess
    const withoutSession = leads.filter((lead) => sessionIdsOf(lead).size === 0).length / leads.length;
    expect(withoutSession).toBeGreaterThan(0.28);
    expect(withoutSession).toBeLessThan(0.45);
    expect(leads.filter((lead) => historyOf(lead).length > 10).length).toBeGreaterThan(100);
  });

  it('includes a few large histories (200-400 entries) that stay far below the 16 MB document limit', () => {
    // Act
    const large = [...generateLeads({ seed: 2, leadCount: 3, now, quirkRates: { largeHistory: 1 } })];

    // Assess
    for (const lead of large) {
      expect(historyOf(lead).length).toBeGreaterThanOrEqual(200);
      expect(historyOf(lead).length).toBeLessThanOrEqual(402);
      expect(BSON.calculateObjectSize(lead)).toBeLessThan(4 * 1024 * 1024);
    }
  });
});

import { BSON } from 'bson';
import { describe, expect, it } from 'vitest';
import { generateLeadArray, generateLeads, type GeneratorOptions } from '#shared/generator/index.ts';

const now = new Date('2026-11-28T02:00:00.000Z');
/** Every quirk on, so that determinism covers the quirk code paths too. */
const options: GeneratorOptions = {
  seed: 2024,
  leadCount: 300,
  now,
  quirkRates: {
    phantomBrowserSession: 0.2,
    emptyBrowserSession: 0.1,
    cookieExpirySecondsMisread: 0.3,
    wrongTypes: 0.2,
    encryptedPayload: 0.1,
    storageKeysWithDotsOrDollar: 0.2,
    largeHistory: 0.01,
    orphanedHistoryEntry: 0.2,
    danglingCurrentSessionId: 0.2,
    duplicateCookies: 0.2,
    repeatedHistoryEntry: 0.2,
  },
};

const bytesOf = (leads: Iterable<Record<string, unknown>>): Buffer[] =>
  [...leads].map((lead) => Buffer.from(BSON.serialize(lead)));

describe('determinism', () => {
  it('gives byte-identical BSON for the same options, run after run', () => {
    // Act
    const first = bytesOf(generateLeads(options));
    const second = bytesOf(generateLeads(options));

    // Assess
    expect(first).toHaveLength(options.leadCount);
    expect(second.every((bytes, index) => bytes.equals(first[index] as Buffer))).toBe(true);
  });

  it('gives different data for a different seed', () => {
    // Act
    const first = bytesOf(generateLeadArray({ ...options, leadCount: 20 }));
    const other = bytesOf(generateLeadArray({ ...options, leadCount: 20, seed: options.seed + 1 }));

    // Assess
    expect(other.filter((bytes, index) => bytes.equals(first[index] as Buffer))).toEqual([]);
  });

  it('streams exactly the documents generateLeadArray returns', () => {
    // Act
    const streamed = bytesOf(generateLeads({ ...options, leadCount: 40 }));
    const array = bytesOf(generateLeadArray({ ...options, leadCount: 40 }));

    // Assess
    expect(streamed).toEqual(array);
  });

  it('round-trips through BSON unchanged, so documents are ready for insertMany', () => {
    // Prepare
    const leads = generateLeadArray({ ...options, leadCount: 50 });

    // Act
    const restored = leads.map((lead) => BSON.deserialize(BSON.serialize(lead), { promoteValues: false }));

    // Assess
    restored.forEach((lead, index) => {
      expect(Buffer.from(BSON.serialize(lead)).equals(Buffer.from(BSON.serialize(leads[index] as object)))).toBe(true);
    });
  });
});

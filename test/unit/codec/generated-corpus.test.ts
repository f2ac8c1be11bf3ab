import { BSON } from 'bson';
import { describe, expect, it } from 'vitest';
import {
  defaultCodec,
  inflateSession,
  isPayloadFieldName,
  planCompression,
  type CompressionPlan,
} from '#shared/core/codec/index.ts';
import { generateLeadArray } from '#shared/generator/index.ts';
import { bsonHex } from './bson-arbitraries.ts';

const now = new Date('2026-11-28T03:00:00Z');
const readWithoutPromotion = (document: Record<string, unknown>) =>
  BSON.deserialize(BSON.serialize(document), { promoteValues: false, bsonRegExp: true });

/** History entries of generated leads (a tenth with encrypted payloads), read as the weekly job reads them. */
function storedHistoryEntries(): Record<string, unknown>[] {
  const leads = generateLeadArray({ seed: 7, leadCount: 40, now, quirkRates: { encryptedPayload: 0.1 } });
  return leads.flatMap((lead) => {
    const history: unknown = readWithoutPromotion(lead).sessionHistory;
    return Array.isArray(history)
      ? history.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
      : [];
  });
}

/** The entry as the weekly job's update leaves it: payload fields unset, the marker $set at the end. */
function compressedEntry(entry: Record<string, unknown>, plan: Extract<CompressionPlan, { compress: true }>) {
  const metadata = Object.entries(entry).filter(([field]) => !isPayloadFieldName(field));
  return readWithoutPromotion({ ...Object.fromEntries(metadata), compressedPayload: plan.compressed });
}

describe('the codec on generated leads (realistic sessions and the stored-data quirks)', () => {
  const entries = storedHistoryEntries();
  const plans = entries.map((entry) => ({ entry, plan: planCompression(entry, { compressedAt: now }) }));
  const compressed = plans.flatMap(({ entry, plan }) => (plan.compress ? [{ entry, plan }] : []));

  it('compresses nearly every history session of a realistic corpus', () => {
    expect(entries.length).toBeGreaterThan(100);
    expect(compressed.length).toBeGreaterThan(entries.length * 0.9);
  });

  it('restores every compressed history session byte for byte, its metadata untouched', () => {
    for (const { entry, plan } of compressed) {
      // Act
      const restored = inflateSession(compressedEntry(entry, plan), { promoteValues: false });
      // Assess: the same elements; the payload now sits where $set put the marker, at the end
      const reordered = Object.fromEntries([
        ...Object.entries(entry).filter(([field]) => !isPayloadFieldName(field)),
        ...Object.entries(entry).filter(([field]) => isPayloadFieldName(field)),
      ]);
      expect(bsonHex(restored)).toBe(bsonHex(reordered));
    }
  });

  it(`stores compressed payloads at least 1.6 times smaller with the default codec (${defaultCodec.codec} ${defaultCodec.level})`, () => {
    // Random tokens (session ids, JWT signatures, hex) bound the ratio of this data: docs/codec.md
    const before = compressed.reduce((total, { plan }) => total + plan.payloadBytes, 0);
    const after = compressed.reduce((total, { plan }) => total + plan.compressedFieldBytes, 0);
    expect(before / after).toBeGreaterThanOrEqual(1.6);
  });
});

import { BSON } from 'bson';
import { describe, expect, it } from 'vitest';
import { defaultCodec, inflateSession, payloadFieldNames, planCompression } from '#shared/core/codec/index.ts';
import { generateLeadArray } from '#shared/generator/index.ts';
import { bsonHex } from './bson-arbitraries.ts';

const now = new Date('2026-11-28T03:00:00Z');

/** History entries of generated leads, read as the weekly job reads them (values not promoted). */
function storedHistoryEntries(): Record<string, unknown>[] {
  const leads = generateLeadArray({ seed: 7, leadCount: 60, now, quirkRates: { encryptedPayload: 0.2 } });
  return leads.flatMap((lead) => {
    const stored = BSON.deserialize(BSON.serialize(lead), { promoteValues: false, bsonRegExp: true });
    const history: unknown = stored.sessionHistory;
    return Array.isArray(history)
      ? history.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
      : [];
  });
}

describe('the codec on generated leads (realistic sessions, every stored-data quirk)', () => {
  const entries = storedHistoryEntries();

  it('restores every compressed history session byte for byte, metadata untouched', () => {
    // Act
    const compressed = entries.flatMap((entry) => {
      const plan = planCompression(entry, { compressedAt: now });
      if (!plan.compress) return [];
      const compressedEntry: Record<string, unknown> = Object.fromEntries(
        Object.entries(entry).filter(([field]) => !(payloadFieldNames as readonly string[]).includes(field)),
      );
      compressedEntry.compressedPayload = plan.compressed;
      return [
        {
          entry,
          restored: inflateSession(BSON.deserialize(BSON.serialize(compressedEntry), { promoteValues: false }), {
            promoteValues: false,
          }),
        },
      ];
    });
    // Assess: the payload fields come back at the end, where $set put the marker
    expect(compressed.length).toBeGreaterThan(entries.length * 0.8);
    for (const { entry, restored } of compressed) {
      const reordered = Object.fromEntries([
        ...Object.entries(entry).filter(([field]) => !(payloadFieldNames as readonly string[]).includes(field)),
        ...Object.entries(entry).filter(([field]) => (payloadFieldNames as readonly string[]).includes(field)),
      ]);
      expect(bsonHex(restored)).toBe(bsonHex(reordered));
    }
  });

  it(`stores the payload of compressed sessions at least 3 times smaller with the default codec (${defaultCodec.codec} ${defaultCodec.level})`, () => {
    // Act
    let payloadBytes = 0;
    let compressedFieldBytes = 0;
    for (const entry of entries) {
      const plan = planCompression(entry, { compressedAt: now });
      if (!plan.compress) continue;
      payloadBytes += plan.payloadBytes;
      compressedFieldBytes += plan.compressedFieldBytes;
    }
    // Assess
    expect(payloadBytes / compressedFieldBytes).toBeGreaterThanOrEqual(3);
  });
});

import { describe, expect, it } from 'vitest';
import { isDocument, isValidDate } from '#shared/core/bson-type.ts';
import { inflateSession, planCompression } from '#shared/core/codec/session-codec.ts';
import { digestEntry } from '#shared/core/session-digest.ts';
import { invalidKindOf } from '#shared/core/session-model.ts';
import { generateLeadArray, healthyProfile, resolveOptions } from '#shared/generator/index.ts';

const now = new Date('2026-12-01T04:00:00.000Z');
const dayMs = 86_400_000;
const { afterDays, lastRunDaysAgo } = healthyProfile.weeklyCompression;
const lastRun = new Date(now.getTime() - lastRunDaysAgo * dayMs);
const cutoffMs = lastRun.getTime() - afterDays * dayMs;
const leads = generateLeadArray({ seed: 77, leadCount: 150, now, ...healthyProfile });

type Entry = Record<string, unknown>;
const historyOf = (lead: Entry): Entry[] =>
  Array.isArray(lead.sessionHistory) ? (lead.sessionHistory as unknown[]).filter(isDocument) : [];

describe('the healthy profile', () => {
  it('keeps every session within the 30-day expiry and every lead within 10 sessions', () => {
    for (const lead of leads) {
      const entries = [lead.browserSession, ...historyOf(lead)].filter(
        (entry): entry is Entry => isDocument(entry) && typeof entry.sessionId === 'string',
      );
      expect(new Set(entries.map((entry) => entry.sessionId)).size).toBeLessThanOrEqual(10);
      for (const entry of entries) {
        if (isValidDate(entry.createdAt)) expect(now.getTime() - entry.createdAt.getTime()).toBeLessThan(30 * dayMs);
      }
    }
  });

  it('compresses, as the weekly job would have, exactly the old valid history copies of non-current sessions', () => {
    let compressed = 0;
    for (const lead of leads) {
      for (const entry of historyOf(lead)) {
        const eligible =
          entry.sessionId !== lead.currentSessionId &&
          typeof entry.sessionId === 'string' &&
          isValidDate(entry.createdAt) &&
          entry.createdAt.getTime() < cutoffMs &&
          invalidKindOf(digestEntry(entry)) === null;
        if (entry.compressedPayload !== undefined) {
          compressed += 1;
          expect(eligible).toBe(true);
          expect(entry).not.toHaveProperty('cookies');
          // The blob is genuine: it inflates back to a payload, its checksum verified.
          expect(inflateSession(entry)).toHaveProperty('cookies');
        } else if (eligible) {
          // Left plain only when compressing would not have saved a byte (the weekly job's rule).
          expect(planCompression(entry, { compressedAt: lastRun }).compress).toBe(false);
        }
      }
    }
    expect(compressed).toBeGreaterThan(50);
  });

  it.each([
    [{ sessionWindowDays: 0 }, 'sessionWindowDays must be a number of days > 0'],
    [
      { weeklyCompression: { ...healthyProfile.weeklyCompression, lastRunDaysAgo: -1 } },
      'weeklyCompression days must be numbers >= 0',
    ],
    [{ weeklyCompression: { afterDays: 7, lastRunDaysAgo: 6, codec: { codec: 'lz4', level: 1 } } }, 'lz4'],
  ])('rejects %j, naming the option', (override, message) => {
    expect(() => resolveOptions({ seed: 1, leadCount: 1, now, ...(override as object) })).toThrow(message);
  });
});

import { isDocument, isValidDate } from '#shared/core/bson-type.ts';
import { compressPayload } from '#shared/core/codec/payload-codec.ts';
import { inflateSession } from '#shared/core/codec/session-codec.ts';
import type { RecommendationRuleName } from '#shared/core/analytics/index.ts';
import { clonePlain } from '#shared/generator/clone.ts';
import type { GeneratedLead } from '#shared/generator/index.ts';

const dayMs = 86_400_000;

/**
 * A change to a healthy generated database that makes one rule's condition hold. A document change is applied to a
 * copy of the selected leads (the same share of leads at every scale); the other two stand for what the monthly job
 * measures besides the documents.
 */
export interface Scenario {
  readonly rule: RecommendationRuleName;
  /** What went wrong, in words (the test's name). */
  readonly condition: string;
  /** The lead changed, or null to keep it as generated. Never mutates its argument. */
  readonly change?: (lead: GeneratedLead, index: number, now: Date) => GeneratedLead | null;
  /** Every batch read takes this long. */
  readonly readLatencyMs?: number;
  /** This expected index is missing from the collection. */
  readonly missingIndex?: string;
}

type Entry = Record<string, unknown>;

/** The lead's stored session entries (`browserSession` and history documents with a `sessionId`). */
function sessionEntriesOf(lead: GeneratedLead): Entry[] {
  const history = Array.isArray(lead.sessionHistory) ? (lead.sessionHistory as unknown[]) : [];
  return [lead.browserSession, ...history].filter(
    (entry): entry is Entry => isDocument(entry) && typeof entry.sessionId === 'string',
  );
}

/** A copy of the lead with `edit` applied to every session entry, or null when the lead has none. */
function editEntries(lead: GeneratedLead, edit: (entry: Entry) => void): GeneratedLead | null {
  const copy = clonePlain(lead);
  const entries = sessionEntriesOf(copy);
  if (entries.length === 0) return null;
  entries.forEach(edit);
  return copy;
}

/** One lead in `every`, the first `of` of each run of `every` leads: the same share at any scale. */
const share = (index: number, of: number, every: number): boolean => index % every < of;

function shiftDates(entry: Entry, days: number): void {
  for (const field of ['createdAt', 'lastAccessedAt']) {
    const value = entry[field];
    if (isValidDate(value)) entry[field] = new Date(value.getTime() - days * dayMs);
  }
}

function accessedNoLaterThan(entry: Entry, instant: number): void {
  const value = entry.lastAccessedAt;
  if (isValidDate(value) && value.getTime() > instant) entry.lastAccessedAt = new Date(instant);
}

/** Deterministic high-entropy text (xorshift32, base64): what a payload of tokens and ciphertext looks like. */
function incompressibleText(bytes: number, seed: number): string {
  const words = new Uint32Array(Math.ceil(bytes / 4));
  let state = seed | 1;
  for (let index = 0; index < words.length; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[index] = state >>> 0;
  }
  return Buffer.from(words.buffer).toString('base64').slice(0, bytes);
}

const fastCodec = { codec: 'gzip', level: 1 } as const;

/** One scenario per rule; `scale-free-rules.test.ts` checks that the list covers every rule. */
export const scenarios: readonly Scenario[] = [
  {
    rule: 'low-utilization',
    condition: 'agents deactivated every session of 3 leads in 5',
    change: (lead, index) => (share(index, 3, 5) ? editEntries(lead, (entry) => (entry.isActive = false)) : null),
  },
  {
    rule: 'low-recent-access',
    condition: 'nobody opened a session of 4 leads in 5 for 8 days',
    change: (lead, index, now) =>
      share(index, 4, 5) ? editEntries(lead, (entry) => accessedNoLaterThan(entry, now.getTime() - 8 * dayMs)) : null,
  },
  {
    rule: 'active-sessions-unused',
    condition: 'nobody opened a session of 2 leads in 5 for 15 days',
    change: (lead, index, now) =>
      share(index, 2, 5) ? editEntries(lead, (entry) => accessedNoLaterThan(entry, now.getTime() - 15 * dayMs)) : null,
  },
  {
    rule: 'poor-health',
    condition: 'the daily cleanup stopped 20 days ago for 3 leads in 5',
    change: (lead, index) => (share(index, 3, 5) ? editEntries(lead, (entry) => shiftDates(entry, 20)) : null),
  },
  {
    rule: 'sessions-expiring-soon',
    condition: 'the active session of 1 lead in 2 was captured 25 days ago and never refreshed',
    change: (lead, index, now) =>
      share(index, 1, 2)
        ? editEntries(lead, (entry) => {
            if (entry.isActive !== true) return;
            entry.createdAt = new Date(now.getTime() - 25 * dayMs);
            entry.lastAccessedAt = entry.createdAt;
          })
        : null,
  },
  {
    rule: 'integrity-problems',
    condition: '1 lead in 10 gets a history entry without sessionId',
    change: (lead, index, now) => {
      if (!share(index, 1, 10) || !Array.isArray(lead.sessionHistory)) return null;
      const copy = clonePlain(lead);
      (copy.sessionHistory as Entry[]).push({ cookies: [], localStorage: {}, createdAt: now, isActive: false });
      return copy;
    },
  },
  {
    rule: 'high-expiration-rate',
    condition: 'the daily cleanup stopped 10 days ago for 1 lead in 2',
    change: (lead, index) => (share(index, 1, 2) ? editEntries(lead, (entry) => shiftDates(entry, 10)) : null),
  },
  {
    rule: 'many-sessions',
    condition: 'every lead with a history gets 8 more sessions',
    change: (lead) => {
      const history = Array.isArray(lead.sessionHistory) ? (lead.sessionHistory as unknown[]) : [];
      const first = history.find((entry): entry is Entry => isDocument(entry) && typeof entry.sessionId === 'string');
      if (first === undefined) return null;
      const copy = clonePlain(lead);
      const copies = Array.from({ length: 8 }, (_, n) => ({
        ...clonePlain(first),
        sessionId: `${String(first.sessionId)}_${n}`,
        isActive: false,
      }));
      (copy.sessionHistory as unknown[]).push(...copies);
      return copy;
    },
  },
  {
    rule: 'bytes-per-lead-growth',
    condition: 'the app began storing an 8 KB localStorage snapshot in every uncompressed session entry',
    change: (lead) =>
      editEntries(lead, (entry) => {
        const storage = entry.localStorage;
        if (isDocument(storage) && !('_encrypted' in storage)) storage.appStateSnapshot = 'x'.repeat(8192);
      }),
  },
  {
    rule: 'sessions-worth-compressing',
    condition: 'the weekly job has not run for a month for 1 lead in 2 (its compressed sessions are inflated)',
    change: (lead, index) => {
      if (!share(index, 1, 2) || !Array.isArray(lead.sessionHistory)) return null;
      const copy = clonePlain(lead);
      copy.sessionHistory = (copy.sessionHistory as Entry[]).map((entry) =>
        isDocument(entry) ? inflateSession(entry, { promoteValues: false }) : entry,
      );
      return copy;
    },
  },
  {
    rule: 'low-compression-ratio',
    condition: 'compressed payloads turned into high-entropy tokens',
    change: (lead, index) => {
      if (!Array.isArray(lead.sessionHistory)) return null;
      const copy = clonePlain(lead);
      (copy.sessionHistory as Entry[]).forEach((entry, position) => {
        const marker = isDocument(entry) ? entry.compressedPayload : undefined;
        if (!isDocument(marker) || typeof marker.originalBytes !== 'number' || !isValidDate(marker.compressedAt))
          return;
        const payload = { localStorage: { token: incompressibleText(marker.originalBytes, index * 1000 + position) } };
        entry.compressedPayload = compressPayload(payload, { compressedAt: marker.compressedAt, codec: fastCodec });
      });
      return copy;
    },
  },
  {
    rule: 'missing-indexes',
    condition: 'the sessionHistory.sessionId index was dropped',
    missingIndex: 'sessionHistory.sessionId',
  },
  { rule: 'slow-batch-reads', condition: 'every batch read takes 1.5 s', readLatencyMs: 1500 },
];

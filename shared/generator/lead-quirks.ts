import { clonePlain } from './clone.ts';
import type { ObjectIdFactory } from './object-ids.ts';
import type { SeededRandom } from './random.ts';

type Entry = Record<string, unknown>;

/**
 * Case 1: the default `browserSession` Mongoose adds to every saved lead: no `sessionId`, empty payload, active,
 * dated at that save.
 */
export function phantomBrowserSession(savedAtMs: number): Entry {
  return {
    cookies: [],
    localStorage: {},
    sessionStorage: {},
    viewport: { width: 1366, height: 768 },
    createdAt: new Date(savedAtMs),
    lastAccessedAt: new Date(savedAtMs),
    isActive: true,
  };
}

/** Orphaned rule: a stray entry without `sessionId`, or with `createdAt: null`, somewhere in the history. */
export function insertOrphanedEntry(history: Entry[], stray: Entry, random: SeededRandom): void {
  if (random.chance(0.7)) delete stray.sessionId;
  else stray.createdAt = null;
  history.splice(random.int(0, history.length), 0, stray);
}

/**
 * Optimisation: the app pushed a (non-current) session twice, e.g. on a retried save. The copy has its own `_id`
 * and comes later in the history. Returns false when the lead has no session to repeat.
 */
export function insertRepeatedEntry(
  history: Entry[],
  currentSessionId: string | null,
  random: SeededRandom,
  ids: ObjectIdFactory,
): boolean {
  const candidates = history.filter(
    (entry) => typeof entry.sessionId === 'string' && entry.sessionId !== currentSessionId,
  );
  if (candidates.length === 0) return false;
  const original = random.pick(candidates);
  const createdAt = original.createdAt instanceof Date ? original.createdAt : 0;
  const copy = { ...clonePlain(original), _id: ids.at(createdAt) };
  history.splice(random.int(history.indexOf(original) + 1, history.length), 0, copy);
  return true;
}

/** Case 5 (per lead): a hand-written `sessionHistory` that is a single session document, or a string. */
export function historyNotArray(history: Entry[], random: SeededRandom): unknown {
  return random.chance(0.5) ? (history[0] ?? {}) : '[]';
}

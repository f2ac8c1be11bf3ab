import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { type Collection, type Document, ObjectId } from 'mongodb';

/**
 * The end state of a daily run, per lead, to prove that two approaches did the same thing:
 * - `sessions`: the contract's terms: history session ids (in stored order), whether `browserSession` is present
 *   and its `sessionId`, `currentSessionId`, and the version key `__v`;
 * - `bytes`: a hash of the stored BSON of `browserSession`, `sessionHistory`, `currentSessionId` and `__v`, so that
 *   every remaining session, its field order and its BSON types are the same too.
 */
export type EndState = Record<string, { readonly sessions: string; readonly bytes: string }>;

const sessionIdOf = (entry: unknown): unknown =>
  entry !== null && typeof entry === 'object' ? (entry as Document).sessionId : `<${typeof entry}>`;

function sessionsSummary(lead: Document): string {
  const history: unknown = lead.sessionHistory;
  const browserSession: unknown = lead.browserSession;
  return JSON.stringify({
    history: Array.isArray(history) ? history.map(sessionIdOf) : history === undefined ? '<missing>' : '<not an array>',
    browserSession: browserSession === undefined ? '<missing>' : sessionIdOf(browserSession),
    currentSessionId: lead.currentSessionId === undefined ? '<missing>' : lead.currentSessionId,
    version: String(lead.__v),
  });
}

/** Reads the end state of every lead: ids and version in one pass, the stored bytes of session fields in another. */
export async function readEndState(leads: Collection<Document>): Promise<EndState> {
  const state: EndState = {};
  const summaries = leads.find(
    {},
    {
      projection: { 'sessionHistory.sessionId': 1, 'browserSession.sessionId': 1, currentSessionId: 1, __v: 1 },
      sort: { _id: 1 },
      batchSize: 10_000,
    },
  );
  const sessionsById = new Map<string, string>();
  for await (const lead of summaries) sessionsById.set(String(lead._id), sessionsSummary(lead));
  // Raw BSON, projection applied to the stored bytes: hashing them compares every type, value and field order.
  const raw = leads.find(
    {},
    {
      projection: { browserSession: 1, sessionHistory: 1, currentSessionId: 1, __v: 1 },
      sort: { _id: 1 },
      batchSize: 2_000,
      raw: true,
    },
  );
  for await (const bytes of raw) {
    const buffer = bytes as unknown as Buffer;
    // `_id` is the first element: type byte, "_id\0", 12 bytes of ObjectId.
    const id = new ObjectId(buffer.subarray(9, 21)).toHexString();
    state[id] = {
      sessions: sessionsById.get(id) ?? '<absent from the first pass>',
      bytes: createHash('sha1').update(buffer).digest('hex'),
    };
  }
  return state;
}

export function writeEndState(path: string, state: EndState): void {
  writeFileSync(path, JSON.stringify(state));
}

/** One SHA-256 over every lead's id and stored-bytes hash, in `_id` order: equal digests, equal session fields. */
export function endStateDigest(state: EndState): string {
  const hash = createHash('sha256');
  for (const id of Object.keys(state).sort()) hash.update(`${id}:${state[id]?.bytes ?? ''}\n`);
  return hash.digest('hex');
}

export interface EndStateComparison {
  readonly leads: number;
  /** Leads whose session ids, `browserSession`, `currentSessionId` or `__v` differ (or that exist on one side only). */
  readonly sessionMismatches: number;
  /** Of those, leads where `actual` holds a subset of `expected`'s sessions: the other approach removed more. */
  readonly actualRemovedMore: number;
  /** Leads whose stored session fields differ in any byte. */
  readonly byteMismatches: number;
  /** `endStateDigest` of each side. */
  readonly expectedDigest: string;
  readonly actualDigest: string;
  readonly examples: readonly { readonly id: string; readonly expected: string; readonly actual: string }[];
}

interface Summary {
  readonly history: unknown;
  readonly browserSession: unknown;
  readonly currentSessionId: unknown;
}

/** True when `sub` is `all` with some elements left out, in the same order. */
function isSubsequence(sub: readonly unknown[], all: readonly unknown[]): boolean {
  let position = 0;
  for (const item of all) if (position < sub.length && sub[position] === item) position += 1;
  return position === sub.length;
}

/** `actual` is `expected` with sessions removed: fewer history entries, the current session gone, or both. */
function removedMore(expectedText: string, actualText: string): boolean {
  const expected = JSON.parse(expectedText) as Summary;
  const actual = JSON.parse(actualText) as Summary;
  const historyKept =
    Array.isArray(expected.history) && Array.isArray(actual.history)
      ? isSubsequence(actual.history, expected.history)
      : expected.history === actual.history;
  const browserSessionKept = actual.browserSession === expected.browserSession || actual.browserSession === '<missing>';
  const pointerKept = actual.currentSessionId === expected.currentSessionId || actual.currentSessionId === null;
  return historyKept && browserSessionKept && pointerKept;
}

/** Compares the end state of `actual` with that of `expected`, lead by lead. */
export function compareEndStates(expectedPath: string, actualPath: string): EndStateComparison {
  const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as EndState;
  const actual = JSON.parse(readFileSync(actualPath, 'utf8')) as EndState;
  const ids = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  let sessionMismatches = 0;
  let actualRemovedMore = 0;
  let byteMismatches = 0;
  const examples: { id: string; expected: string; actual: string }[] = [];
  for (const id of ids) {
    const left = expected[id];
    const right = actual[id];
    if (left?.bytes !== right?.bytes) byteMismatches += 1;
    if (left?.sessions === right?.sessions) continue;
    sessionMismatches += 1;
    if (left !== undefined && right !== undefined && removedMore(left.sessions, right.sessions)) actualRemovedMore += 1;
    if (examples.length < 3)
      examples.push({ id, expected: left?.sessions ?? '<absent>', actual: right?.sessions ?? '<absent>' });
  }
  return {
    leads: ids.size,
    sessionMismatches,
    actualRemovedMore,
    byteMismatches,
    expectedDigest: endStateDigest(expected),
    actualDigest: endStateDigest(actual),
    examples,
  };
}

/** True when both sides hold the same leads with the same stored session fields, byte for byte. */
export function sameEndState(comparison: EndStateComparison): boolean {
  return (
    comparison.sessionMismatches === 0 &&
    comparison.byteMismatches === 0 &&
    comparison.expectedDigest === comparison.actualDigest
  );
}

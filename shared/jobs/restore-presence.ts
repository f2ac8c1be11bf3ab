import { BSON, type Document } from 'mongodb';
import type { RestoreItem } from './restore-items.ts';

/** The fields every restore item's condition reads. */
export const restoreConditionFields = { sessionHistory: 1, browserSession: 1, currentSessionId: 1 } as const;

/** How a lead is read for {@link certainlyPresent}: every value with its stored BSON type (as the archive's). */
export const exactTypes = {
  promoteValues: false,
  promoteBuffers: false,
  promoteLongs: false,
  bsonRegExp: true,
} as const;

/** A value's BSON bytes, as the driver sends it: equal bytes are equal values for the server's comparisons. */
const bytesOf = (value: unknown): string => Buffer.from(BSON.serialize({ value })).toString('hex');

const isDocument = (value: unknown): value is Document =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value as { _bsontype?: unknown })._bsontype;

const isObjectId = (value: unknown): boolean => (value as { _bsontype?: unknown } | null)?._bsontype === 'ObjectId';

/** A stored history element, as the conditions compare it. */
interface StoredEntry {
  /** The `_id`'s bytes; `undefined` without one; `null` when it is an array or a document (which could hold any). */
  readonly idBytes: string | null | undefined;
  /** The whole element's bytes (computed when first asked: only in-place and whole-value items compare them). */
  wholeBytes(): string;
  readonly sessionId: unknown;
}

function storedEntries(history: unknown): { entries: StoredEntry[]; allDocuments: boolean } {
  if (!Array.isArray(history)) return { entries: [], allDocuments: false };
  const documents = (history as unknown[]).filter(isDocument);
  const entries = documents.map((stored) => {
    const id: unknown = stored._id;
    let whole: string | undefined;
    return {
      idBytes: id === undefined ? undefined : Array.isArray(id) || isDocument(id) ? null : bytesOf(id),
      wholeBytes: () => (whole ??= bytesOf(stored)),
      sessionId: stored.sessionId,
    };
  });
  return { entries, allDocuments: documents.length === history.length };
}

/**
 * A test of whether the lead as read (with {@link exactTypes}; `null` when it is gone) certainly makes an item's
 * condition false, so that the item's own statement would change nothing: the item is already present.
 *
 * Only certainty counts: each test is a sufficient one (identical BSON bytes, a string equal to a string, a field
 * present in a plain document). Where the server might still find the condition true (equal values of different
 * BSON types, arrays where a document is expected) the answer is `false`, and the caller sends the item's
 * statement, which the server decides exactly. A wrong `false` costs a statement; a wrong `true` would lose an item,
 * and none is possible.
 */
export function presenceIn(lead: Document | null): (item: RestoreItem) => boolean {
  // A lead that is gone matches no statement: every item's statement would change nothing.
  if (lead === null) return () => true;
  let history: ReturnType<typeof storedEntries> | undefined;
  const stored = () => (history ??= storedEntries(lead.sessionHistory));
  return (item) => {
    const write = item.write;
    if (write.kind === 'pushEntry') {
      const entry = write.entry;
      const { entries } = stored();
      // The condition is the entry's absence by _id, else by session id, else by whole value (restore-items.ts).
      if (entry._id !== undefined) {
        const id = bytesOf(entry._id);
        return entries.some((element) => element.idBytes === id);
      }
      if (typeof entry.sessionId === 'string' && entry.sessionId !== '')
        return entries.some((element) => element.sessionId === entry.sessionId);
      const whole = bytesOf(entry);
      return entries.some((element) => element.wholeBytes() === whole);
    }
    if (write.kind === 'setEntryInPlace') return inPlaceEntryRestored(write.entryId, write.entry, stored());
    const current = lead[write.field] as unknown;
    // The pointer's condition `{ $in: [null] }` is false for a present string.
    if (write.field === 'currentSessionId') return typeof current === 'string';
    // browserSession is free when missing (or, when the archived one has a session id, without a session id).
    if (current === undefined) return false;
    if (typeof (write.value as Document).sessionId !== 'string') return true;
    return isDocument(current) && Object.hasOwn(current, 'sessionId');
  };
}

/**
 * The in-place statement sets every element the array filter `{ 'entry._id': entryId }` matches; it changes nothing
 * when each of them already is the archived entry. Certain only for an ObjectId `_id` (equal to nothing but the
 * same ObjectId) in a history of documents none of whose `_id` is an array or a document (which could hold it).
 */
function inPlaceEntryRestored(
  entryId: unknown,
  entry: Document,
  { entries, allDocuments }: ReturnType<typeof storedEntries>,
): boolean {
  if (!isObjectId(entryId) || !allDocuments) return false;
  const id = bytesOf(entryId);
  const whole = bytesOf(entry);
  let matched = 0;
  for (const element of entries) {
    if (element.idBytes === null) return false;
    if (element.idBytes !== id) continue;
    if (element.wholeBytes() !== whole) return false;
    matched += 1;
  }
  return matched > 0;
}

import type { AnyBulkWriteOperation, Document } from 'mongodb';
import { EJSON } from 'bson';
import { updateOneOperation } from '#shared/mongo/bulk-apply.ts';
import type { ArchivedChange } from './archive.ts';

/** Where an archived item goes back: a history entry, the lead's `browserSession`, its `currentSessionId`. */
export type RestoreItemKind = 'history' | 'browserSession' | 'pointer';

/** How an item is written back. */
export type RestoreWrite =
  | { readonly kind: 'pushEntry'; readonly entry: Document }
  | { readonly kind: 'setEntryInPlace'; readonly entryId: unknown; readonly entry: Document }
  | { readonly kind: 'setField'; readonly field: 'browserSession' | 'currentSessionId'; readonly value: unknown };

/** One archived item and the conditions under which putting it back changes the lead (and only then). */
export interface RestoreItem {
  readonly kind: RestoreItemKind;
  readonly write: RestoreWrite;
  /** Conditions on the lead, each a filter on its own (combined with `$and`), none on `_id`. */
  readonly conditions: readonly Document[];
}

function historyItem(change: ArchivedChange, entry: Document): RestoreItem {
  // Weekly rewrites (cookie optimisation, compression after it) are undone by putting the original element back
  // in place; removed entries are pushed back only when no entry with the same identity is present.
  if ((change.reason === 'optimize' || change.reason === 'compress') && entry._id !== undefined) {
    return {
      kind: 'history',
      write: { kind: 'setEntryInPlace', entryId: entry._id, entry },
      // The element is there and differs from the original: otherwise setting it would change nothing.
      conditions: [{ 'sessionHistory._id': entry._id }, { sessionHistory: { $ne: entry } }],
    };
  }
  // An entry's own _id identifies it (repeated entries share a session id); without one, its session id.
  const absent =
    entry._id !== undefined
      ? { 'sessionHistory._id': { $ne: entry._id } }
      : typeof entry.sessionId === 'string' && entry.sessionId !== ''
        ? { 'sessionHistory.sessionId': { $ne: entry.sessionId } }
        : { sessionHistory: { $ne: entry } };
  return { kind: 'history', write: { kind: 'pushEntry', entry }, conditions: [absent] };
}

/** The items that put one archived change back: its history entries, its `browserSession`, its pointer. */
export function restoreItemsOf(change: ArchivedChange): RestoreItem[] {
  const items = change.historyEntries.map((entry) => historyItem(change, entry as Document));
  if (change.browserSession !== undefined) {
    const stored = change.browserSession as Document;
    const free =
      typeof stored.sessionId === 'string'
        ? { $or: [{ browserSession: { $exists: false } }, { 'browserSession.sessionId': { $exists: false } }] }
        : { browserSession: { $exists: false } };
    items.push({
      kind: 'browserSession',
      write: { kind: 'setField', field: 'browserSession', value: stored },
      conditions: [free],
    });
  }
  if (change.currentSessionId !== undefined) {
    items.push({
      kind: 'pointer',
      write: { kind: 'setField', field: 'currentSessionId', value: change.currentSessionId },
      conditions: [{ currentSessionId: { $in: [null] } }],
    });
  }
  return items;
}

const filterOf = (leadId: unknown, conditions: readonly Document[]): Document =>
  conditions.length === 1 ? { _id: leadId, ...conditions[0] } : { _id: leadId, $and: [...conditions] };

/** One item's own statement: the server's modified count says whether this item was put back. */
export function itemOperation(leadId: unknown, item: RestoreItem): AnyBulkWriteOperation {
  const write = item.write;
  if (write.kind === 'pushEntry') {
    return updateOneOperation(filterOf(leadId, item.conditions), { $push: { sessionHistory: write.entry } });
  }
  if (write.kind === 'setEntryInPlace') {
    // Only the element's presence guards the single statement: a set that changes nothing is not counted.
    return updateOneOperation(
      { _id: leadId, 'sessionHistory._id': write.entryId },
      { $set: { 'sessionHistory.$[entry]': write.entry } },
      [{ 'entry._id': write.entryId }],
    );
  }
  return updateOneOperation(filterOf(leadId, item.conditions), { $set: { [write.field]: write.value } });
}

export interface LeadStatement {
  readonly filter: Document;
  readonly update: Document;
  readonly arrayFilters?: Document[];
}

/** What makes two items of one lead depend on each other: putting one back can change the other's condition. */
function identityOf(item: RestoreItem): string | null {
  const write = item.write;
  if (write.kind === 'setField') return write.field;
  const entryId = write.kind === 'setEntryInPlace' ? write.entryId : write.entry._id;
  // An entry without `_id` is found by its session id or its whole value, which other entries can share.
  return entryId === undefined ? null : `entry:${EJSON.stringify({ entryId }, { relaxed: false })}`;
}

/**
 * One statement that puts all of a lead's items back, all or nothing: its filter holds every item's condition,
 * so a modified count of 1 means every item was put back. `null` when the items depend on each other (two with
 * the same identity, an entry without `_id`) or mix pushes with in-place sets (one update cannot do both on
 * `sessionHistory`): those go back one item at a time, as do leads whose statement finds a condition false.
 */
export function leadStatement(leadId: unknown, items: readonly RestoreItem[]): LeadStatement | null {
  const identities = new Set<string>();
  for (const item of items) {
    const identity = identityOf(item);
    if (identity === null || identities.has(identity)) return null;
    identities.add(identity);
  }
  const pushed = items.flatMap((item) => (item.write.kind === 'pushEntry' ? [item.write.entry] : []));
  const inPlace = items.flatMap((item) => (item.write.kind === 'setEntryInPlace' ? [item.write] : []));
  if (pushed.length > 0 && inPlace.length > 0) return null;
  const set: Document = {};
  for (const item of items) if (item.write.kind === 'setField') set[item.write.field] = item.write.value;
  inPlace.forEach((write, index) => (set[`sessionHistory.$[entry${index}]`] = write.entry));
  const update: Document = {
    ...(pushed.length > 0 ? { $push: { sessionHistory: { $each: pushed } } } : {}),
    ...(Object.keys(set).length > 0 ? { $set: set } : {}),
  };
  const filter = filterOf(
    leadId,
    items.flatMap((item) => item.conditions),
  );
  if (inPlace.length === 0) return { filter, update };
  return { filter, update, arrayFilters: inPlace.map((write, index) => ({ [`entry${index}._id`]: write.entryId })) };
}

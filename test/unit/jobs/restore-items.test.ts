import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { ArchivedChange } from '#shared/jobs/archive.ts';
import { itemOperation, leadStatement, restoreItemsOf } from '#shared/jobs/restore-items.ts';

const oid = (id: number) => new ObjectId(id.toString(16).padStart(24, '0'));
const leadId = oid(0x64b0);
const entry = (id: number, sessionId = `s${id}`) => ({ _id: oid(id), sessionId, createdAt: new Date(0) });
const change = (reason: string, fields: Partial<ArchivedChange>): ArchivedChange => ({
  leadId: leadId.toHexString(),
  reason,
  detail: null,
  sessionId: 's1',
  historyEntries: [],
  ...fields,
});

describe('restore items of an archived change', () => {
  it('pushes a removed entry back only when no entry with its _id is present', () => {
    const [item] = restoreItemsOf(change('expired', { historyEntries: [entry(1)] }));
    if (item === undefined) throw new Error('no restore item for a removed entry');
    expect(item.conditions).toEqual([{ 'sessionHistory._id': { $ne: oid(1) } }]);
    expect(itemOperation(leadId, item)).toEqual({
      updateOne: {
        filter: { _id: leadId, 'sessionHistory._id': { $ne: oid(1) } },
        update: { $push: { sessionHistory: entry(1) } },
      },
    });
  });

  it('finds an entry without _id by its session id, and one without either by its whole value', () => {
    const bySession = restoreItemsOf(change('expired', { historyEntries: [{ sessionId: 'a' }] }))[0];
    expect(bySession?.conditions).toEqual([{ 'sessionHistory.sessionId': { $ne: 'a' } }]);
    const byValue = restoreItemsOf(change('invalid', { historyEntries: [{ note: 1 }] }))[0];
    expect(byValue?.conditions).toEqual([{ sessionHistory: { $ne: { note: 1 } } }]);
  });

  it('puts a weekly rewrite back in place, only where the element is present and differs', () => {
    const [item] = restoreItemsOf(change('compress', { historyEntries: [entry(2)] }));
    expect(item?.write).toEqual({ kind: 'setEntryInPlace', entryId: oid(2), entry: entry(2) });
    expect(item?.conditions).toEqual([{ 'sessionHistory._id': oid(2) }, { sessionHistory: { $ne: entry(2) } }]);
  });

  it('sets browserSession only where it is free, and the pointer only where it is null or missing', () => {
    const items = restoreItemsOf(
      change('orphaned', { browserSession: { sessionId: 'b', cookies: [] }, currentSessionId: 'b' }),
    );
    expect(items.map((item) => item.kind)).toEqual(['browserSession', 'pointer']);
    expect(items[1]?.conditions).toEqual([{ currentSessionId: { $in: [null] } }]);
  });
});

describe('one statement per lead', () => {
  it("holds every item's condition and pushes the entries in archive order", () => {
    const items = [
      ...restoreItemsOf(change('expired', { historyEntries: [entry(1), entry(2)] })),
      ...restoreItemsOf(change('overLimit', { historyEntries: [entry(3)], currentSessionId: 's3' })),
    ];
    expect(leadStatement(leadId, items)).toEqual({
      filter: {
        _id: leadId,
        $and: [
          { 'sessionHistory._id': { $ne: oid(1) } },
          { 'sessionHistory._id': { $ne: oid(2) } },
          { 'sessionHistory._id': { $ne: oid(3) } },
          { currentSessionId: { $in: [null] } },
        ],
      },
      update: {
        $push: { sessionHistory: { $each: [entry(1), entry(2), entry(3)] } },
        $set: { currentSessionId: 's3' },
      },
    });
  });

  it('sets weekly rewrites in place with one array filter per entry', () => {
    const items = restoreItemsOf(change('optimize', { historyEntries: [entry(4), entry(5)] }));
    const statement = leadStatement(leadId, items);
    expect(statement?.update).toEqual({
      $set: { 'sessionHistory.$[entry0]': entry(4), 'sessionHistory.$[entry1]': entry(5) },
    });
    expect(statement?.arrayFilters).toEqual([{ 'entry0._id': oid(4) }, { 'entry1._id': oid(5) }]);
  });

  it('leaves items that depend on each other to go back one at a time', () => {
    const pushed = restoreItemsOf(change('deduplicate', { historyEntries: [entry(6)] }));
    const inPlace = restoreItemsOf(change('compress', { historyEntries: [entry(7)] }));
    expect(leadStatement(leadId, [...pushed, ...inPlace])).toBeNull();
    expect(leadStatement(leadId, [...pushed, ...pushed])).toBeNull();
    const withoutId = restoreItemsOf(change('invalid', { historyEntries: [{ sessionId: 'x' }] }));
    expect(leadStatement(leadId, withoutId)).toBeNull();
    const twoPointers = [
      ...restoreItemsOf(change('orphaned', { currentSessionId: 'a' })),
      ...restoreItemsOf(change('orphaned', { currentSessionId: 'b' })),
    ];
    expect(leadStatement(leadId, twoPointers)).toBeNull();
  });
});

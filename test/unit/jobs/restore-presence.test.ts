import { BSON, Double, Int32, ObjectId, type Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { ArchivedChange } from '#shared/jobs/archive.ts';
import { restoreItemsOf, type RestoreItem } from '#shared/jobs/restore-items.ts';
import { exactTypes, presenceIn } from '#shared/jobs/restore-presence.ts';

const oid = (id: number) => new ObjectId(id.toString(16).padStart(24, '0'));
const entry = (id: number, sessionId = `s${id}`) => ({ _id: oid(id), sessionId, createdAt: new Date(0) });
const change = (reason: string, fields: Partial<ArchivedChange>): ArchivedChange => ({
  leadId: oid(0x64b0).toHexString(),
  reason,
  detail: null,
  sessionId: 's1',
  historyEntries: [],
  ...fields,
});
/** A lead as the restore reads it: through BSON, every value with its stored type. */
const stored = (lead: Document): Document => BSON.deserialize(BSON.serialize(lead), exactTypes);
const only = (items: RestoreItem[]): RestoreItem => {
  const [item] = items;
  if (item === undefined || items.length !== 1) throw new Error('expected exactly one restore item');
  return item;
};

describe('items a lead certainly holds already', () => {
  it('finds a removed entry back by its _id, whatever its other fields', () => {
    const item = only(restoreItemsOf(change('expired', { historyEntries: [entry(1)] })));
    expect(presenceIn(stored({ sessionHistory: [entry(2), { ...entry(1), note: 'changed' }] }))(item)).toBe(true);
    expect(presenceIn(stored({ sessionHistory: [entry(2)] }))(item)).toBe(false);
    expect(presenceIn(stored({}))(item)).toBe(false);
  });

  it('claims nothing for an _id of another BSON type, which the server may find equal', () => {
    const item = only(restoreItemsOf(change('expired', { historyEntries: [{ _id: new Int32(7), sessionId: 'a' }] })));
    expect(presenceIn(stored({ sessionHistory: [{ _id: new Double(7), sessionId: 'a' }] }))(item)).toBe(false);
    expect(presenceIn(stored({ sessionHistory: [{ _id: new Int32(7), sessionId: 'b' }] }))(item)).toBe(true);
    expect(presenceIn(stored({ sessionHistory: [{ _id: [new Int32(7)] }] }))(item)).toBe(false);
  });

  it('finds an entry without _id by its session id, and one without either by its whole value', () => {
    const bySession = only(restoreItemsOf(change('expired', { historyEntries: [{ sessionId: 'a', n: 1 }] })));
    expect(presenceIn(stored({ sessionHistory: [{ sessionId: 'a', n: 2 }] }))(bySession)).toBe(true);
    expect(presenceIn(stored({ sessionHistory: [{ sessionId: 'b' }] }))(bySession)).toBe(false);
    const byValue = only(restoreItemsOf(change('invalid', { historyEntries: [{ note: 1, at: 2 }] })));
    expect(presenceIn(stored({ sessionHistory: [{ note: 1, at: 2 }] }))(byValue)).toBe(true);
    expect(presenceIn(stored({ sessionHistory: [{ at: 2, note: 1 }] }))(byValue)).toBe(false);
  });

  it('holds a weekly rewrite as undone only when every element with its _id is the archived one', () => {
    const original = entry(3);
    const item = only(restoreItemsOf(change('compress', { historyEntries: [original] })));
    const compressed = { _id: oid(3), sessionId: 's3', payload: 'compressed' };
    expect(presenceIn(stored({ sessionHistory: [entry(4), original] }))(item)).toBe(true);
    expect(presenceIn(stored({ sessionHistory: [compressed] }))(item)).toBe(false);
    // A second element with the same _id would still be set by the item's statement.
    expect(presenceIn(stored({ sessionHistory: [original, compressed] }))(item)).toBe(false);
    expect(presenceIn(stored({ sessionHistory: [original, 'not a document'] }))(item)).toBe(false);
    expect(presenceIn(stored({ sessionHistory: [] }))(item)).toBe(false);
  });

  it('holds browserSession and the pointer as present only where their conditions are certainly false', () => {
    const [browser, pointer] = restoreItemsOf(
      change('orphaned', { browserSession: { sessionId: 'b', cookies: [] }, currentSessionId: 'b' }),
    );
    if (browser === undefined || pointer === undefined) throw new Error('expected two restore items');
    expect(presenceIn(stored({ browserSession: { sessionId: 'x' }, currentSessionId: 'x' }))(browser)).toBe(true);
    expect(presenceIn(stored({ browserSession: { sessionId: 'x' }, currentSessionId: 'x' }))(pointer)).toBe(true);
    expect(presenceIn(stored({ browserSession: { cookies: [] } }))(browser)).toBe(false);
    expect(presenceIn(stored({ browserSession: null, currentSessionId: null }))(browser)).toBe(false);
    expect(presenceIn(stored({ browserSession: null, currentSessionId: null }))(pointer)).toBe(false);
    expect(presenceIn(stored({ currentSessionId: ['x'] }))(pointer)).toBe(false);
    const phantom = only(restoreItemsOf(change('invalid', { browserSession: { cookies: [] } })));
    expect(presenceIn(stored({ browserSession: null }))(phantom)).toBe(true);
    expect(presenceIn(stored({}))(phantom)).toBe(false);
  });

  it('holds every item of a lead that is gone as present: no statement would change it', () => {
    const item = only(restoreItemsOf(change('expired', { historyEntries: [entry(1)] })));
    expect(presenceIn(null)(item)).toBe(true);
  });
});

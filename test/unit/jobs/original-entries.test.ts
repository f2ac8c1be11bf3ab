import { ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import type { WeeklyChange } from '#shared/core/weekly-plan.ts';
import { originalEntryLookup } from '#shared/jobs/original-entries.ts';

const change = (sessionId: string, entryId: unknown): WeeklyChange => ({
  kind: 'compress',
  sessionId,
  historyEntriesRemoved: 0,
  expiredCookiesRemoved: 0,
  duplicateCookiesRemoved: 0,
  write: { kind: 'pullCookies', entry: { sessionId, entryId, lastAccessedAt: null }, cookies: [] },
});
const removal = (sessionId: string, entryId: unknown): WeeklyChange => ({
  ...change(sessionId, entryId),
  kind: 'deduplicate',
  write: { kind: 'pullHistoryEntryById', sessionId, entryId },
});

/** The search each change used to make over the whole history: the reference the lookup must agree with. */
function searched(lead: { sessionHistory: unknown[] }, target: WeeklyChange): unknown {
  const write = target.write;
  const entryId = write.kind === 'pullHistoryEntryById' ? write.entryId : write.entry.entryId;
  return lead.sessionHistory.find(
    (entry) =>
      (entry as { sessionId?: unknown } | null)?.sessionId === target.sessionId &&
      (entryId === null || String((entry as { _id?: unknown })._id) === String(entryId)),
  );
}

describe('originalEntryLookup', () => {
  const shared = new ObjectId();
  const other = new ObjectId();
  const lead = {
    sessionHistory: [
      null,
      'not a document',
      { sessionId: 7, _id: shared },
      { sessionId: 's1', _id: shared, copy: 'first' },
      { sessionId: 's1', _id: new ObjectId(shared.toHexString()), copy: 'same id, later' },
      { sessionId: 's1', _id: other },
      { sessionId: 's2', copy: 'no _id' },
      { sessionId: 's2', _id: 'undefined', copy: 'an _id that prints as a missing one' },
      { sessionId: 's3', _id: 42 },
    ],
  };
  const lookup = originalEntryLookup(lead);
  const changes = [
    change('s1', shared),
    change('s1', other),
    change('s1', null),
    removal('s1', new ObjectId(other.toHexString())),
    change('s2', null),
    change('s2', 'undefined'),
    change('s3', 42),
    change('s3', '42'),
    change('s3', 43),
    change('s4', null),
    change('7', shared),
  ];

  it.each(changes.map((target, index) => [index, target] as const))(
    'finds the entry a search from the start finds (change %i)',
    (_index, target) => {
      expect(lookup(target)).toBe(searched(lead, target));
    },
  );

  it('finds the first of entries that share a session and an _id, and nothing for an unknown session', () => {
    expect(lookup(change('s1', shared))).toBe(lead.sessionHistory[3]);
    expect(lookup(change('s4', null))).toBeUndefined();
  });

  it('reads each entry once, however many changes the lead has (linear, where a search per change was quadratic)', () => {
    let reads = 0;
    const history = Array.from({ length: 2_000 }, (_, i) => {
      const entry = { _id: i, sessionId: `s${String(i)}` };
      return new Proxy(entry, {
        get: (target, field, receiver) => {
          if (field === 'sessionId') reads += 1;
          return Reflect.get(target, field, receiver) as unknown;
        },
      });
    });
    const find = originalEntryLookup({ sessionHistory: history });
    for (let i = 0; i < history.length; i += 1) expect(find(change(`s${String(i)}`, i))).toBe(history[i]);
    expect(reads).toBe(history.length);
  });
});

import { BSON, calculateObjectSize, Double, Int32, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { compressBytes, inflatePayload } from '#shared/core/codec/index.ts';
import { restoreCookieJar } from '#shared/core/cookie-jar.ts';
import { planWeeklyMaintenance, prepareWeeklyMaintenance } from '#shared/core/weekly-planner.ts';
import type { WeeklyChange, WeeklyWrite } from '#shared/core/weekly-plan.ts';
import { cookie, lead, now, session, sessionIdFor } from '../../support/lead-fixtures.ts';

const context = { now, policy: { compressionAfterDays: 7 } };
/** Documents as the weekly read returns them: BSON values not promoted. */
const asStored = (document: Record<string, unknown>) =>
  BSON.deserialize(BSON.serialize(document), { promoteValues: false, promoteBuffers: false }) as Record<
    string,
    unknown
  >;
const plan = (document: Record<string, unknown>) => planWeeklyMaintenance(asStored(document), context);
const bigCookies = (label: string) =>
  Array.from({ length: 20 }, (_, i) =>
    cookie(`c${i}`, `${label}-${'x'.repeat(200)}-${i}`, { expires: new Date('2027-06-01T00:00:00Z') }),
  );

describe('planWeeklyMaintenance: compression', () => {
  it('compresses a history session older than the threshold, and the blob inflates to the exact payload', () => {
    const old = session('old', {
      ageDays: 8,
      cookies: bigCookies('old'),
      localStorage: { count: new Int32(3), ratio: new Double(2), big: new Long(2n ** 60n) },
    });
    const document = lead({ history: [old] });
    const result = plan(document);
    expect(result.changes.map((change) => [change.kind, change.sessionId])).toEqual([
      ['compress', sessionIdFor('old')],
    ]);
    const write = result.changes[0]?.write as Extract<WeeklyWrite, { kind: 'compressEntry' }>;
    expect(write.unsetFields).toEqual(['cookies', 'localStorage', 'sessionStorage']);
    const stored = asStored(document).sessionHistory as Record<string, unknown>[];
    const original = {
      cookies: stored[0]?.cookies,
      localStorage: stored[0]?.localStorage,
      sessionStorage: stored[0]?.sessionStorage,
    };
    expect(Buffer.from(BSON.serialize(inflatePayload(write.compressed)))).toEqual(
      Buffer.from(BSON.serialize(original)),
    );
    expect(result.bytesSaved).toBeGreaterThan(0);
  });

  it('leaves sessions younger than the threshold uncompressed', () => {
    expect(plan(lead({ history: [session('young', { ageDays: 6, cookies: bigCookies('y') })] })).changes).toEqual([]);
  });

  it('never touches the current session or its history copy', () => {
    const result = plan(lead({ current: session('cur', { ageDays: 20, cookies: bigCookies('c') }) }));
    expect(result.changes).toEqual([]);
    expect(result.skipped).toEqual([{ sessionId: sessionIdFor('cur'), reason: 'current-session' }]);
  });

  it('never compresses the same session twice', () => {
    const document = asStored(lead({ history: [session('old', { ageDays: 9, cookies: bigCookies('o') })] }));
    const first = planWeeklyMaintenance(document, context);
    const write = first.changes[0]?.write as Extract<WeeklyWrite, { kind: 'compressEntry' }>;
    const entries = document.sessionHistory as Record<string, unknown>[];
    const entry = entries[0] as Record<string, unknown>;
    entries[0] = {
      ...Object.fromEntries(Object.entries(entry).filter(([field]) => !write.unsetFields.includes(field))),
      compressedPayload: write.compressed,
    };
    const second = planWeeklyMaintenance(document, context);
    expect(second.changes).toEqual([]);
    expect(second.skipped).toEqual([{ sessionId: sessionIdFor('old'), reason: 'already-compressed' }]);
  });

  it('skips a session when compression would not save space', () => {
    const tiny = session('tiny', { ageDays: 10, cookies: [], localStorage: {}, sessionStorage: {} });
    expect(plan(lead({ history: [tiny] })).skipped).toEqual([{ sessionId: sessionIdFor('tiny'), reason: 'no-saving' }]);
  });

  it('does not compress invalid sessions (the daily job removes them, with an archive)', () => {
    expect(plan(lead({ history: [session('bad', { ageDays: 10, cookies: 'x' })] })).skipped[0]?.reason).toBe(
      'not-valid',
    );
  });
});

describe('planWeeklyMaintenance: optimisation', () => {
  it('removes duplicate and expired cookies of a young session by exact match, keeping the browser jar unchanged', () => {
    const cookies = [
      cookie('sid', 'old'),
      cookie('sid', 'new'),
      cookie('gone', 'x', { expires: new Date(Math.floor(now.getTime() / 1000) - 60) }),
      cookie('keep', 'y'),
    ];
    const result = plan(lead({ history: [session('young', { ageDays: 2, cookies })] }));
    const [change] = result.changes;
    expect(change).toMatchObject({ kind: 'optimize', duplicateCookiesRemoved: 1, expiredCookiesRemoved: 1 });
    const write = change?.write as Extract<WeeklyWrite, { kind: 'pullCookies' }>;
    const kept = cookies.filter(
      (c) =>
        !write.cookies.some((match) =>
          Object.entries(match).every(
            ([k, v]) =>
              (c[k] ?? null) === v ||
              (v instanceof Date && c[k] instanceof Date && v.getTime() === (c[k] as Date).getTime()),
          ),
        ),
    );
    expect([...restoreCookieJar(kept, now)]).toEqual([...restoreCookieJar(cookies, now)]);
  });

  it('compresses the optimised payload of an old session in one write', () => {
    const cookies = [...bigCookies('o'), cookie('c0', 'later-value')];
    const [change] = plan(lead({ history: [session('old', { ageDays: 9, cookies })] })).changes;
    expect(change).toMatchObject({ kind: 'compress', duplicateCookiesRemoved: 1 });
    const write = change?.write as Extract<WeeklyWrite, { kind: 'compressEntry' }>;
    expect((inflatePayload(write.compressed).cookies as unknown[]).length).toBe(20);
  });

  it('keeps the first of repeated history entries and removes the others by their _id', () => {
    const first = session('rep', { ageDays: 3 });
    const repeat = { ...session('rep', { ageDays: 3 }) };
    const result = plan(lead({ history: [first, session('other', { ageDays: 1 }), repeat] }));
    expect(result.changes).toEqual([
      expect.objectContaining({
        kind: 'deduplicate',
        sessionId: sessionIdFor('rep'),
        write: { kind: 'pullHistoryEntryById', sessionId: sessionIdFor('rep'), entryId: asStored(repeat)._id },
      }),
    ]);
  });

  it('leaves identical duplicate cookies without _id alone when they cannot be addressed exactly', () => {
    const twin = cookie('sid', 'same');
    const result = plan(lead({ history: [session('t', { ageDays: 2, cookies: [twin, { ...twin }] })] }));
    expect(result.changes).toEqual([]);
    expect(result.skipped).toEqual([{ sessionId: sessionIdFor('t'), reason: 'cookies-not-addressable' }]);
  });

  it('treats an encrypted payload as opaque: no cookie optimisation', () => {
    const envelope = { encrypted: 'ab'.repeat(10), iv: 'cd', _encrypted: true };
    expect(plan(lead({ history: [session('e', { ageDays: 2, cookies: envelope })] })).changes).toEqual([]);
  });
});

describe('planWeeklyMaintenance: bytes saved, and the plan in two halves', () => {
  /** The history as the plan's writes leave it, built by hand: removals pulled, rewrites as the update sets them. */
  function historyAfter(history: Record<string, unknown>[], changes: readonly WeeklyChange[]): unknown[] {
    return history.flatMap((entry) => {
      const change = changes.find((candidate) => {
        const write = candidate.write;
        const id = write.kind === 'pullHistoryEntryById' ? write.entryId : write.entry.entryId;
        return candidate.sessionId === entry.sessionId && String(id) === String(entry._id);
      });
      if (change === undefined) return [entry];
      const write = change.write;
      if (write.kind === 'pullHistoryEntryById') return [];
      if (write.kind === 'compressEntry') {
        const kept = Object.entries(entry).filter(([field]) => !write.unsetFields.includes(field));
        return [{ ...Object.fromEntries(kept), compressedPayload: write.compressed }];
      }
      return [entry];
    });
  }

  // Eleven entries, four removed: the array's keys lose "10" (two digits) as well as "7", "8" and "9".
  const repeatedOld = session('rep', { ageDays: 12, cookies: bigCookies('r') });
  const document = lead({
    history: [
      repeatedOld,
      ...Array.from({ length: 6 }, (_, i) =>
        session(`old${String(i)}`, { ageDays: 9 + i, cookies: bigCookies(`o${String(i)}`) }),
      ),
      ...Array.from({ length: 4 }, () => ({ ...repeatedOld, _id: new ObjectId() })),
    ],
  });
  const stored = asStored(document);

  it('saves exactly the BSON bytes of sessionHistory before minus after its writes, array keys included', () => {
    const result = planWeeklyMaintenance(stored, context);
    expect(result.changes.filter((change) => change.kind === 'deduplicate')).toHaveLength(4);
    expect(result.changes.filter((change) => change.kind === 'compress')).toHaveLength(7);
    const history = stored.sessionHistory as Record<string, unknown>[];
    expect(result.bytesSaved).toBe(
      calculateObjectSize({ sessionHistory: history }) -
        calculateObjectSize({ sessionHistory: historyAfter(history, result.changes) }),
    );
  });

  it('prepare then complete gives the plan planWeeklyMaintenance gives, with the payloads compressed elsewhere', () => {
    const prepared = prepareWeeklyMaintenance(stored, context);
    expect(prepared.payloadsToCompress).toHaveLength(7);
    const completed = prepared.complete(
      prepared.payloadsToCompress.map((payload) => compressBytes(payload.bytes, payload.codec)),
    );
    expect(BSON.serialize({ plan: completed })).toEqual(
      BSON.serialize({ plan: planWeeklyMaintenance(stored, context) }),
    );
  });
});

import type { Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchivedChange } from '#shared/jobs/archive.ts';
import { restoreRun, type RestoreResult } from '#shared/jobs/restore.ts';
import { bytesOf, corruptedKinds, normalLeads, startCorpusStack, type CorpusStack } from './corrupted-corpus.ts';

/**
 * Rollback: everything the daily run removed (expired, orphaned, invalid, over-limit, on normal and corrupted
 * leads) and everything the weekly run dropped (repeated entries, cookies) comes back from the archive, equal to
 * what was stored. Chain: before -> daily -> weekly -> restore weekly -> restore daily = before.
 *
 * What "equal" means: each lead's fields byte for byte, except `__v` (the jobs bump it when they remove array
 * elements, so that a stale save of the app fails; restoring does not lower it) and the order of `sessionHistory`
 * (a restored entry is appended: the app finds entries by `sessionId`, never by position), and the order of the
 * lead's top-level fields (an unset `browserSession` set again comes last). History entries compare byte for
 * byte, field order included: the weekly archive holds every entry it rewrote, plain compressions too.
 */

const kinds = corruptedKinds();
const normal = normalLeads(150);
let stack: CorpusStack;
let before: Map<string, Document>;
let afterDaily: Map<string, Document>;
let afterWeekly: Map<string, Document>;
let dailyRunId: string;
let weeklyRunId: string;
let dailyArchive: ArchivedChange[];
let weeklyArchive: ArchivedChange[];

beforeAll(async () => {
  stack = await startCorpusStack([...normal, ...kinds.map((kind) => kind.lead)]);
  before = await stack.snapshot();
  const daily = await stack.run('daily');
  dailyRunId = daily.execution?.output?.runId as string;
  afterDaily = await stack.snapshot();
  const weekly = await stack.run('weekly');
  weeklyRunId = weekly.execution?.output?.runId as string;
  afterWeekly = await stack.snapshot();
  dailyArchive = await stack.archive(dailyRunId);
  weeklyArchive = await stack.archive(weeklyRunId);
}, 600_000);

afterAll(async () => {
  await stack?.close();
});

const sortedKeys = (document: Document): Document =>
  Object.fromEntries(Object.entries(document).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** A history entry as stored, byte for byte. */
const readable = (entry: unknown): string => bytesOf(entry);

/** A lead for comparison: `__v` left out, history as a sorted multiset of readable entries. */
function comparable(lead: Document | undefined): Document | undefined {
  if (lead === undefined) return undefined;
  const { __v: _version, sessionHistory, ...fields } = lead;
  const history = Array.isArray(sessionHistory) ? sessionHistory.map(readable).sort() : sessionHistory;
  return { fields: bytesOf(sortedKeys(fields)), history };
}

function differences(expected: Map<string, Document>, actual: Map<string, Document>): string[] {
  const found: string[] = [];
  for (const [key, lead] of expected) {
    const want = comparable(lead);
    const got = comparable(actual.get(key));
    if (JSON.stringify(want) === JSON.stringify(got)) continue;
    const what = want?.fields === got?.fields ? 'sessionHistory' : 'fields';
    found.push(`${key}: ${what}`);
  }
  if (actual.size !== expected.size) found.push(`lead count ${actual.size} != ${expected.size}`);
  return found;
}

const removedEntries = (archive: readonly ArchivedChange[]): number =>
  archive.reduce(
    (sum, change) => sum + change.historyEntries.length + (change.browserSession === undefined ? 0 : 1),
    0,
  );

describe('rollback from the archive', () => {
  let weeklyRestore: RestoreResult;
  let dailyRestore: RestoreResult;

  it('the runs removed sessions for every reason, from normal and corrupted leads, and archived them', () => {
    const reasons = new Set(dailyArchive.map((change) => change.reason));
    expect([...reasons].sort()).toEqual(['expired', 'invalid', 'orphaned', 'overLimit']);
    const corruptedIds = new Set(kinds.map((kind) => String(kind.lead._id)));
    expect(dailyArchive.filter((change) => corruptedIds.has(change.leadId)).length).toBeGreaterThan(15);
    expect(removedEntries(dailyArchive)).toBeGreaterThan(300);
    const weeklyReasons = new Set(weeklyArchive.map((change) => change.reason));
    expect(weeklyReasons.has('deduplicate')).toBe(true);
    expect(weeklyReasons.has('optimize') || weeklyReasons.has('compress')).toBe(true);
    expect(differences(before, afterDaily).length).toBeGreaterThan(50);
  });

  it('restoring the weekly run gives back what the daily run left, every dropped entry and cookie included', async () => {
    weeklyRestore = await restoreRun({ leads: stack.leads, store: stack.environment.store }, weeklyRunId);
    expect(weeklyRestore.changesRead).toBe(weeklyArchive.length);
    expect(weeklyRestore.alreadyPresent).toBe(0);
    expect(differences(afterDaily, await stack.snapshot())).toEqual([]);
  });

  it('restoring the daily run then gives back the documents as they were before both runs', async () => {
    dailyRestore = await restoreRun({ leads: stack.leads, store: stack.environment.store }, dailyRunId);
    expect(dailyRestore.changesRead).toBe(dailyArchive.length);
    expect(
      dailyRestore.historyEntriesRestored +
        dailyRestore.browserSessionsRestored +
        dailyRestore.currentSessionIdsRestored,
    ).toBeGreaterThanOrEqual(removedEntries(dailyArchive));
    expect(differences(before, await stack.snapshot())).toEqual([]);
  });

  it('every removed entry is back in its lead, byte for byte as archived', async () => {
    const now = await stack.snapshot();
    const byLeadId = new Map([...now.values()].map((lead) => [String(lead._id), lead]));
    for (const change of [...dailyArchive, ...weeklyArchive]) {
      const lead = byLeadId.get(change.leadId);
      const history = ((lead?.sessionHistory ?? []) as unknown[]).map(readable);
      for (const entry of change.historyEntries)
        expect(history, `${change.leadId} ${change.reason}`).toContain(readable(entry));
      if (change.browserSession !== undefined)
        expect(bytesOf(lead?.browserSession)).toBe(bytesOf(change.browserSession));
    }
  });

  it('restoring again changes nothing', async () => {
    const snapshot = await stack.snapshot();
    for (const runId of [weeklyRunId, dailyRunId]) {
      const again = await restoreRun({ leads: stack.leads, store: stack.environment.store }, runId);
      expect(again.historyEntriesRestored + again.browserSessionsRestored + again.currentSessionIdsRestored).toBe(0);
    }
    const unchanged = await stack.snapshot();
    for (const [key, lead] of snapshot) expect(bytesOf(unchanged.get(key)), key).toBe(bytesOf(lead));
    console.log(
      `rollback: daily archived ${dailyArchive.length} changes (${removedEntries(dailyArchive)} entries), weekly ` +
        `${weeklyArchive.length}; restored ${JSON.stringify(weeklyRestore)} then ${JSON.stringify(dailyRestore)}; ` +
        `${differences(before, afterWeekly).length} leads differed after both runs, 0 after both restores`,
    );
  });
});

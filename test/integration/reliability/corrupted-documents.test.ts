import type { Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAt, type CountTree } from '#shared/jobs/counters.ts';
import type { ArchivedChange } from '#shared/jobs/archive.ts';
import type { RunReport } from '#shared/jobs/run-report.ts';
import type { LocalJobRun } from '#local/runner/run-job.ts';
import { getJson } from '#shared/storage/json-objects.ts';
import {
  bytesOf,
  corruptedKinds,
  corruptId,
  entriesOf,
  idKey,
  minus,
  normalLeads,
  startCorpusStack,
  type CorpusStack,
} from './corrupted-corpus.ts';

/**
 * Corrupted documents mixed into one batch with normal leads, in the embedded database, through the deployed state
 * machine: daily then weekly. Every corrupted item is classified (removed for a reason, archived) or left with its
 * reason counted; normal leads end exactly as in a run without the corrupted ones; nothing is lost.
 */

const kinds = corruptedKinds();
const normal = normalLeads(150);

interface Phase {
  run: LocalJobRun;
  report: RunReport;
  archive: ArchivedChange[];
  after: Map<string, Document>;
}
interface Outcome {
  before: Map<string, Document>;
  daily: Phase;
  weekly: Phase;
}

async function phase(stack: CorpusStack, job: 'daily' | 'weekly'): Promise<Phase> {
  const run = await stack.run(job);
  const output = run.execution?.output;
  if (!output) throw new Error(`${job} did not finish: ${JSON.stringify(run)}`);
  const report = (await getJson<RunReport>(stack.environment.store, output.reportKey)) as RunReport;
  return { run, report, archive: await stack.archive(output.runId), after: await stack.snapshot() };
}

async function runBoth(stack: CorpusStack): Promise<Outcome> {
  const before = await stack.snapshot();
  const daily = await phase(stack, 'daily');
  const weekly = await phase(stack, 'weekly');
  return { before, daily, weekly };
}

let baselineStack: CorpusStack;
let mixedStack: CorpusStack;
let baseline: Outcome;
let mixed: Outcome;

beforeAll(async () => {
  baselineStack = await startCorpusStack(normal);
  mixedStack = await startCorpusStack([...normal, ...kinds.map((kind) => kind.lead)]);
  baseline = await runBoth(baselineStack);
  mixed = await runBoth(mixedStack);
}, 600_000);

afterAll(async () => {
  await baselineStack?.close();
  await mixedStack?.close();
});

const archivedFor = (archive: readonly ArchivedChange[], lead: Document): ArchivedChange[] =>
  archive.filter((change) => change.leadId === String(lead._id));
const archivedEntries = (changes: readonly ArchivedChange[]): string[] =>
  changes.flatMap((change) => [
    ...(change.browserSession === undefined ? [] : [bytesOf(change.browserSession)]),
    ...change.historyEntries.map(bytesOf),
  ]);
const countsOf = (report: RunReport): CountTree => report.counts;
const hasSession = (lead: Document | undefined, sessionId: string): boolean =>
  Array.isArray(lead?.sessionHistory) && lead.sessionHistory.some((entry: Document) => entry?.sessionId === sessionId);

describe(`${kinds.length} kinds of corrupted lead documents among ${normal.length} normal leads`, () => {
  it('covers at least 20 kinds, each in the database before the runs', () => {
    expect(kinds.length).toBeGreaterThanOrEqual(20);
    for (const kind of kinds) expect(mixed.before.has(idKey(kind.lead._id)), kind.kind).toBe(true);
  });

  // One ObjectId range shared by normal and corrupted leads, and one batch for the six `_id`s of other types.
  it('daily and weekly complete without a failed batch, the corrupted leads in the batch of the normal ones', () => {
    for (const job of ['daily', 'weekly'] as const) {
      const output = mixed[job].run.execution?.output;
      expect(mixed[job].run.execution?.status, job).toBe('SUCCEEDED');
      expect(output?.status, `${job}: ${mixed[job].report.failure}`).toBe('COMPLETED');
      expect(output?.batches).toEqual({ planned: 2, failed: 0 });
      // Every corrupted lead holds session fields, so each one is read, next to the normal ones.
      const scanned = countAt(countsOf(mixed[job].report), ['leadsScanned']);
      expect(scanned - countAt(countsOf(baseline[job].report), ['leadsScanned'])).toBe(kinds.length);
    }
  });

  it.each(kinds.map((kind) => [kind.kind, kind] as const))('daily: %s is handled as specified', (_, kind) => {
    const key = idKey(kind.lead._id);
    const before = mixed.before.get(key) as Document;
    const after = mixed.daily.after.get(key);
    expect(after, 'the lead is still there').toBeDefined();
    const changes = archivedFor(mixed.daily.archive, before);
    if ('removed' in kind.daily) {
      const fate = kind.daily;
      const matching = changes.filter(
        (change) => change.reason === fate.removed && (fate.detail === undefined || change.detail === fate.detail),
      );
      expect(matching.length, `archived as ${fate.removed}/${String(fate.detail)}: ${JSON.stringify(changes)}`).toBe(1);
      expect(hasSession(after, corruptId(kind.kind)), 'the corrupted session is gone').toBe(false);
      if (fate.detail !== undefined)
        expect(countAt(countsOf(mixed.daily.report), ['removedByDetail', fate.detail])).toBeGreaterThan(0);
    } else {
      expect(changes, 'nothing of it archived').toEqual([]);
      expect(bytesOf(after), 'left exactly as stored').toBe(bytesOf(before));
      if (kind.daily.note !== undefined)
        expect(countAt(countsOf(mixed.daily.report), ['notes', kind.daily.note])).toBeGreaterThan(0);
    }
    // The rest of the lead is processed normally: its healthy session is still there.
    const healthy = `session_1732800000000_healthy_${kind.kind}`;
    const stillHealthy =
      hasSession(after, healthy) || (after?.browserSession as Document | undefined)?.sessionId === healthy;
    expect(stillHealthy, 'the healthy session is kept').toBe(true);
  });

  it('daily: every entry that disappeared from any lead is in the archive, byte for byte', () => {
    let removed = 0;
    for (const [key, before] of mixed.before) {
      const after = mixed.daily.after.get(key);
      expect(after, `lead ${key} still exists`).toBeDefined();
      const gone = minus(entriesOf(before), entriesOf(after));
      const archived = archivedEntries(archivedFor(mixed.daily.archive, before));
      expect(minus(gone, archived), `lead ${key}: removed without an archive`).toEqual([]);
      removed += gone.length;
    }
    expect(removed).toBeGreaterThan(kinds.length);
  });

  it('weekly: every entry that changed is archived as it was, plain compressions included', () => {
    let changed = 0;
    for (const [key, before] of mixed.daily.after) {
      const after = mixed.weekly.after.get(key);
      expect(after, `lead ${key} still exists`).toBeDefined();
      const gone = minus(entriesOf(before), entriesOf(after));
      const archived = archivedEntries(archivedFor(mixed.weekly.archive, before));
      expect(minus(gone, archived), `lead ${key}: an entry changed without an archive`).toEqual([]);
      changed += gone.length;
    }
    const compressedAfter = [...mixed.weekly.after.values()].flatMap((lead) =>
      (Array.isArray(lead.sessionHistory) ? (lead.sessionHistory as Document[]) : []).filter(
        (entry) => entry?.compressedPayload !== undefined,
      ),
    );
    expect(changed).toBeGreaterThan(0);
    expect(compressedAfter.length).toBeGreaterThan(0);
  });

  it('normal leads end byte for byte as in a run without the corrupted documents', () => {
    for (const lead of normal) {
      const key = idKey(lead._id);
      expect(bytesOf(mixed.daily.after.get(key)), `after daily: ${key}`).toBe(bytesOf(baseline.daily.after.get(key)));
      expect(bytesOf(mixed.weekly.after.get(key)), `after weekly: ${key}`).toBe(
        bytesOf(baseline.weekly.after.get(key)),
      );
    }
  });

  it('weekly keeps a session whose repeated copies share one _id, and says why it left them', () => {
    const kind = kinds.find((candidate) => candidate.kind === 'duplicate-session-ids-same-entry-id');
    const after = mixed.weekly.after.get(idKey(kind?.lead._id)) as Document;
    const copies = (after.sessionHistory as Document[]).filter(
      (entry) => entry.sessionId === corruptId(kind?.kind ?? ''),
    );
    expect(copies).toHaveLength(2);
    expect(countAt(countsOf(mixed.weekly.report), ['skipped', 'repeated-entry-id-not-unique'])).toBe(1);
  });

  it('the reports count the corrupted items on top of the normal ones', () => {
    const daily = countsOf(mixed.daily.report);
    const base = countsOf(baseline.daily.report);
    const removedKinds = kinds.filter((kind) => 'removed' in kind.daily).length;
    const archivedMore = countAt(daily, ['archivedChanges']) - countAt(base, ['archivedChanges']);
    expect(archivedMore).toBeGreaterThanOrEqual(removedKinds);
    expect(countAt(daily, ['notes', 'history-not-array'])).toBeGreaterThanOrEqual(2);
    expect(countAt(daily, ['notes', 'history-entry-not-document'])).toBeGreaterThanOrEqual(4);
    expect(countAt(daily, ['notes', 'browser-session-not-document'])).toBeGreaterThanOrEqual(3);
    // Nothing a corrupted document holds was left because it could not be archived.
    expect(countAt(daily, ['notArchivable', 'invalid']) + countAt(daily, ['notArchivable', 'orphaned'])).toBe(
      countAt(base, ['notArchivable', 'invalid']) + countAt(base, ['notArchivable', 'orphaned']),
    );
    console.log(`daily counts (mixed): ${JSON.stringify(daily)}`);
    console.log(`weekly counts (mixed): ${JSON.stringify(countsOf(mixed.weekly.report))}`);
  });
});

import { BSON, MongoClient, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchives, type ArchivedChange } from '#shared/jobs/archive.ts';
import { leadStatement, restoreItemsOf, type RestoreItem } from '#shared/jobs/restore-items.ts';
import { decodeArchive, encodeArchive } from '#shared/jobs/archive-codec.ts';
import { restoreRun } from '#shared/jobs/restore.ts';
import { archiveKey } from '#shared/storage/keys.ts';
import type { RunReport } from '#shared/jobs/run-report.ts';
import { getJson } from '#shared/storage/json-objects.ts';
import { describeRestore } from '#local/cli/restore-text.ts';
import { startLocalStack, type LocalStack } from '../../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ leadCount: 300, seed: 5 });
});
afterAll(async () => {
  await stack.close();
});

/** Leads the restore works on at the same time (shared/jobs/restore.ts). */
const leadsInFlight = 8;

/** Items of the leads whose items cannot share one statement: those go back item by item. */
function itemsOfLeadsWithoutStatement(changes: readonly ArchivedChange[]): number {
  const itemsByLead = new Map<string, RestoreItem[]>();
  for (const change of changes)
    itemsByLead.set(change.leadId, [...(itemsByLead.get(change.leadId) ?? []), ...restoreItemsOf(change)]);
  return [...itemsByLead.values()]
    .filter((items) => leadStatement(null, items) === null)
    .reduce((sum, items) => sum + items.length, 0);
}

const bytes = (value: unknown): string => Buffer.from(BSON.serialize({ value })).toString('hex');

describe('restore from the archive', () => {
  it('brings back every session the daily run removed, equal to what was removed, and duplicates nothing', async () => {
    const run = await stack.run('daily', {});
    const runId = run.start.runId as string;
    const archived = (await readArchives(stack.environment.store, runId)).flatMap((archive) => archive.changes);
    const removedEntries = archived.flatMap((change) =>
      change.historyEntries.map((entry) => ({ leadId: change.leadId, entry: entry as Document })),
    );
    expect(removedEntries.length).toBeGreaterThan(0);

    const result = await restoreRun({ leads: stack.leads, store: stack.environment.store }, runId);
    expect(result.historyEntriesRestored).toBe(removedEntries.length);

    for (const { leadId, entry } of removedEntries) {
      const lead = await stack.leads.findOne(
        { _id: BSON.ObjectId.createFromHexString(leadId) },
        { promoteValues: false },
      );
      const restored = (lead?.sessionHistory as Document[]).filter((candidate) =>
        entry._id !== undefined ? String(candidate._id) === String(entry._id) : candidate.sessionId === entry.sessionId,
      );
      expect(restored).toHaveLength(1);
      expect(bytes(restored[0])).toBe(bytes(entry));
    }

    const again = await restoreRun({ leads: stack.leads, store: stack.environment.store }, runId);
    expect(again.historyEntriesRestored + again.browserSessionsRestored + again.currentSessionIdsRestored).toBe(0);
  });

  it("reports in the run's own units: sessions restored by reason equal the run's sessions removed", async () => {
    // Prepare: a fresh daily run (the first test restored its predecessor) and the summary it wrote.
    const run = await stack.run('daily', {}, 'restore-units');
    const runId = run.start.runId as string;
    const report = await getJson<RunReport>(stack.environment.store, run.execution?.output?.reportKey as string);
    const removed = (report?.counts.sessionsRemoved ?? {}) as Record<string, number>;
    const headline = run.execution?.output?.headline ?? {};
    expect(headline.sessionsRemoved).toBeGreaterThan(0);
    // Act
    const result = await restoreRun({ leads: stack.leads, store: stack.environment.store }, runId);
    // Assess
    for (const reason of ['expired', 'orphaned', 'overLimit', 'invalid']) {
      expect(result.restoredByReason[reason]?.sessions ?? 0, reason).toBe(removed[reason] ?? 0);
    }
    const text = describeRestore(runId, result);
    const count = (value: unknown) => Number(value).toLocaleString('en-US');
    expect(text).toContain(
      `sessions restored: ${count(headline.sessionsRemoved)} (expired ${count(headline.expired)}, orphaned ` +
        `${count(headline.orphaned)}, over limit ${count(headline.overLimit)}, invalid ${count(headline.invalid)})`,
    );
  });

  it("undoes a weekly run completely, in the run's own counts, every rewritten entry back byte for byte", async () => {
    // Prepare: every history entry's stored bytes before the weekly run.
    const entriesOf = async () => {
      const entries = new Map<string, string>();
      for (const lead of await stack.leads.find({}, { promoteValues: false, promoteBuffers: false }).toArray())
        for (const entry of (Array.isArray(lead.sessionHistory) ? lead.sessionHistory : []) as Document[])
          if (entry._id !== undefined) entries.set(`${String(lead._id)}/${String(entry._id)}`, bytes(entry));
      return entries;
    };
    const before = await entriesOf();
    const run = await stack.run('weekly', {}, 'restore-weekly');
    const runId = run.start.runId as string;
    const report = await getJson<RunReport>(stack.environment.store, run.execution?.output?.reportKey as string);
    const counts = (report?.counts ?? {}) as Record<string, number>;
    expect(counts.sessionsCompressed).toBeGreaterThan(0);
    // Act
    const result = await restoreRun({ leads: stack.leads, store: stack.environment.store }, runId);
    // Assess: the restore's counts are the run's, and the history is as it was before the run.
    const restored = (reason: string) =>
      (result.restoredByReason[reason]?.sessions ?? 0) + (result.restoredByReason[reason]?.otherItems ?? 0);
    expect(restored('compress')).toBe(counts.sessionsCompressed);
    expect(restored('optimize')).toBe(counts.sessionsOptimized ?? 0);
    expect(restored('deduplicate')).toBe(counts.historyEntriesDeduplicated ?? 0);
    expect(result.alreadyPresent).toBe(0);
    expect(await entriesOf()).toEqual(before);
    expect(describeRestore(runId, result)).toContain(
      `sessions decompressed (compressed by the run): ${Number(counts.sessionsCompressed).toLocaleString('en-US')}`,
    );
  });

  it('tells items already back apart exactly when the app put one back meanwhile', async () => {
    // Prepare: a daily run, then one archived entry of a lead with several put back by hand (the lead's
    // all-or-nothing statement then finds a condition false and the lead goes back item by item).
    const run = await stack.run('daily', {}, 'restore-partial');
    const runId = run.start.runId as string;
    const changes = (await readArchives(stack.environment.store, runId)).flatMap((archive) => archive.changes);
    const entriesByLead = new Map<string, Document[]>();
    for (const change of changes)
      for (const entry of change.historyEntries as Document[])
        if (entry._id !== undefined)
          entriesByLead.set(change.leadId, [...(entriesByLead.get(change.leadId) ?? []), entry]);
    const [leadId, entries] = [...entriesByLead].find(([, list]) => list.length >= 2) ?? [];
    const [putBack] = entries ?? [];
    if (leadId === undefined || entries === undefined || putBack === undefined)
      throw new Error('no lead lost two entries with an _id');
    const pushPutBack: Document = { $push: { sessionHistory: putBack } };
    await stack.leads.updateOne({ _id: BSON.ObjectId.createFromHexString(leadId) }, pushPutBack);
    const archivedEntries = changes.reduce((sum, change) => sum + change.historyEntries.length, 0);
    // Act
    const result = await restoreRun({ leads: stack.leads, store: stack.environment.store }, runId);
    // Assess: that one entry is counted as already present, every other one as restored, none twice.
    expect(result.historyEntriesRestored).toBe(archivedEntries - 1);
    expect(result.alreadyPresent).toBe(1);
    const lead = await stack.leads.findOne({ _id: BSON.ObjectId.createFromHexString(leadId) });
    for (const entry of entries)
      expect(
        (lead?.sessionHistory as Document[]).filter((stored) => String(stored._id) === String(entry._id)),
      ).toHaveLength(1);
  });

  it('restores a run a second time with one read per lead and (nearly) no write, counts exact', async () => {
    // Prepare: a daily run restored once, and a client that counts the commands the restores send.
    const run = await stack.run('daily', {}, 'restore-twice');
    const runId = run.start.runId as string;
    const changes = (await readArchives(stack.environment.store, runId)).flatMap((archive) => archive.changes);
    const leadIds = new Set(
      changes.filter((change) => restoreItemsOf(change).length > 0).map((change) => change.leadId),
    );
    const host = String(stack.environment.client.options.hosts[0]);
    const monitored = await new MongoClient(`mongodb://${host}/?directConnection=true`, {
      monitorCommands: true,
    }).connect();
    const sent = { updates: 0, reads: 0 };
    monitored.on('commandStarted', (event: { commandName: string; command: Document }) => {
      if (event.commandName === 'update') sent.updates += (event.command.updates as Document[]).length;
      if (event.commandName === 'find' || event.commandName === 'aggregate') sent.reads += 1;
    });
    const deps = {
      leads: monitored.db(stack.leads.dbName).collection(stack.leads.collectionName),
      store: stack.environment.store,
    };
    try {
      const first = await restoreRun(deps, runId);
      const items = first.historyEntriesRestored + first.browserSessionsRestored + first.currentSessionIdsRestored;
      expect(first.alreadyPresent).toBe(0);
      expect(sent.updates).toBeGreaterThanOrEqual(leadIds.size);
      expect(sent.reads).toBe(0);

      // Act: the same restore again.
      sent.updates = 0;
      const again = await restoreRun(deps, runId);

      // Assess: nothing restored, every item counted as present; each lead read once, and only the leads in
      // flight before the first one was found restored sent statements: their failing all-or-nothing one, or
      // their items' own where the items cannot share one.
      expect(again.historyEntriesRestored + again.browserSessionsRestored + again.currentSessionIdsRestored).toBe(0);
      expect(again.alreadyPresent).toBe(items);
      const withoutStatement = itemsOfLeadsWithoutStatement(changes);
      if (withoutStatement === 0) expect(sent.reads).toBe(leadIds.size);
      // A lead whose items cannot share a statement is not read while no lead was found restored yet.
      else expect(sent.reads).toBeGreaterThanOrEqual(leadIds.size - leadsInFlight);
      expect(sent.reads).toBeLessThanOrEqual(leadIds.size);
      expect(sent.updates).toBeLessThanOrEqual(leadsInFlight + withoutStatement);

      // Act: the app removes one restored entry; a third restore puts back that one and nothing else.
      const [change] = changes.filter((candidate) => (candidate.historyEntries[0] as Document | undefined)?._id);
      const removed = change?.historyEntries[0] as Document | undefined;
      if (change === undefined || removed === undefined) throw new Error('no archived entry with an _id');
      const pullRemoved: Document = { $pull: { sessionHistory: { _id: removed._id } } };
      await stack.leads.updateOne({ _id: BSON.ObjectId.createFromHexString(change.leadId) }, pullRemoved);
      const third = await restoreRun(deps, runId);

      // Assess
      expect(third.historyEntriesRestored).toBe(1);
      expect(third.browserSessionsRestored + third.currentSessionIdsRestored).toBe(0);
      expect(third.alreadyPresent).toBe(items - 1);
      const lead = await stack.leads.findOne({ _id: BSON.ObjectId.createFromHexString(change.leadId) });
      const copies = (lead?.sessionHistory as Document[]).filter((entry) => String(entry._id) === String(removed._id));
      expect(copies).toHaveLength(1);
    } finally {
      await monitored.close();
    }
  });

  it('restores one lead only when asked', async () => {
    const run = await stack.run('daily', {});
    const runId = run.start.runId as string;
    const [first] = (await readArchives(stack.environment.store, runId)).flatMap((archive) => archive.changes);
    if (first === undefined) throw new Error('the second daily run removed nothing');
    const result = await restoreRun({ leads: stack.leads, store: stack.environment.store }, runId, {
      leadId: first.leadId,
    });
    expect(result.changesRead).toBeGreaterThan(0);
  });

  it('says clearly when a run has no archive', async () => {
    await expect(restoreRun({ leads: stack.leads, store: stack.environment.store }, 'daily-nosuchrun')).rejects.toThrow(
      'no archive found for run daily-nosuchrun',
    );
  });

  it('reads an archive in the old format (gzipped Extended JSON) and restores byte for byte what was removed', async () => {
    // Prepare: the stored bytes of every history entry before the run, and the run's archive rewritten in the
    // format runs used before the BSON sequence (same changes, under another run id).
    const before = new Map<string, string>();
    for (const lead of await stack.leads.find({}, { promoteValues: false, promoteBuffers: false }).toArray())
      for (const entry of (Array.isArray(lead.sessionHistory) ? lead.sessionHistory : []) as Document[])
        if (entry._id !== undefined) before.set(`${String(lead._id)}/${String(entry._id)}`, bytes(entry));
    const run = await stack.run('daily', {});
    const runId = run.start.runId as string;
    const [archive] = await readArchives(stack.environment.store, runId);
    if (archive === undefined) throw new Error('the daily run archived nothing');
    const oldRunId = `${runId}-ejson`;
    const oldBody = await encodeArchive({ ...archive, runId: oldRunId }, 'ejson.gz');
    await stack.environment.store.put(archiveKey(oldRunId, archive.batchIndex, 'ejson.gz'), oldBody);
    expect((await decodeArchive(oldBody, 'ejson.gz')).changes).toHaveLength(archive.changes.length);

    // Act
    const result = await restoreRun({ leads: stack.leads, store: stack.environment.store }, oldRunId);

    // Assess: every removed entry is back once, with the bytes it had before the run.
    const removed = archive.changes.flatMap((change) =>
      change.historyEntries.map((entry) => ({ leadId: change.leadId, entry: entry as Document })),
    );
    expect(removed.length).toBeGreaterThan(0);
    expect(result.changesRead).toBe(archive.changes.length);
    expect(result.historyEntriesRestored).toBe(removed.length);
    for (const { leadId, entry } of removed.filter((removedEntry) => removedEntry.entry._id !== undefined)) {
      const lead = await stack.leads.findOne(
        { _id: BSON.ObjectId.createFromHexString(leadId) },
        { promoteValues: false, promoteBuffers: false },
      );
      const restored = (lead?.sessionHistory as Document[]).filter(
        (candidate) => String(candidate._id) === String(entry._id),
      );
      expect(restored).toHaveLength(1);
      expect(bytes(restored[0])).toBe(before.get(`${leadId}/${String(entry._id)}`));
    }
  });
});

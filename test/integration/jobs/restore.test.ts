import { BSON, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchives } from '#shared/jobs/archive.ts';
import { restoreRun } from '#shared/jobs/restore.ts';
import { startLocalStack, type LocalStack } from '../../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ leadCount: 300, seed: 5 });
});
afterAll(async () => {
  await stack.close();
});

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
});

import { createHash } from 'node:crypto';
import { EJSON } from 'bson';
import { addCounts, type CountTree } from './counters.ts';
import type { JobDependencies } from './ports.ts';
import type { RunContext } from './run-context.ts';

/** Per lead (its {@link journalKey}): what that lead's planned changes count once applied. */
export type LeadCounts = Readonly<Record<string, CountTree>>;

/**
 * A lead's key in the journal, a field name in the batch record: a hash of its `_id` with its BSON type, since an
 * `_id` that is not an ObjectId may hold dots or dollar signs, which a field name must not.
 */
export function journalKey(leadId: unknown): string {
  return createHash('sha256')
    .update(EJSON.stringify({ id: leadId }, { relaxed: false }))
    .digest('hex')
    .slice(0, 32);
}

/**
 * A batch's journal: before its bulkWrite, a batch records per lead what its changes will count, in the batch's
 * record. A retry of the batch in the same run (the first attempt's acknowledgement was lost, or it died before
 * recording its counters) reads the journal first: a lead the earlier attempt planned and the retry no longer
 * finds anything to do in was changed by that attempt, so its counts are the run's. Without it a retry counts
 * nothing for what the earlier attempt applied, and the run under-counts.
 *
 * Limit: a lead that the earlier attempt changed and in which the retry finds a new change (the app wrote
 * meanwhile) is counted by the retry's changes only.
 */
export async function openBatchJournal(
  deps: JobDependencies,
  run: RunContext,
  batchIndex: number,
): Promise<{
  /** Records the planned counts of this attempt (merged with earlier attempts'). */
  record(planned: LeadCounts): Promise<void>;
  /** The counts of leads an earlier attempt changed and this one did not plan. */
  earlierChanges(planned: LeadCounts): CountTree;
}> {
  const earlier = await deps.runRecords.pendingCounts(run.runId, batchIndex);
  return {
    record: (planned) => deps.runRecords.recordPending(run.runId, batchIndex, planned, deps.now()),
    earlierChanges: (planned) =>
      Object.entries(earlier)
        .filter(([leadId]) => !(leadId in planned))
        .reduce<CountTree>((sum, [, counts]) => addCounts(sum, counts), {}),
  };
}

export type BatchJournal = Awaited<ReturnType<typeof openBatchJournal>>;

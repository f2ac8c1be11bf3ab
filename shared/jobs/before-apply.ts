import { writeArchive, type ArchivedChange } from './archive.ts';
import type { BatchJournal, LeadCounts } from './batch-journal.ts';
import type { JobDependencies } from './ports.ts';
import type { RunContext } from './run-context.ts';

/**
 * Writes what a batch must have durably stored before it applies anything: its journal of planned counts
 * (batch-journal.ts) and the archive of what it will remove or rewrite (archive.ts). The two do not depend on each
 * other, so they proceed together: the archive's encoding, its compression on the libuv pool and its object-store
 * round trips overlap the journal's database round trips, instead of adding to them.
 * @returns the opened journal, and the number of changes the batch's archive holds (null when nothing is archived).
 */
export async function recordBeforeApply(
  deps: JobDependencies,
  run: RunContext,
  batchIndex: number,
  journalOpened: Promise<BatchJournal>,
  planned: LeadCounts,
  changes: readonly ArchivedChange[],
): Promise<{ journal: BatchJournal; archivedChanges: number | null }> {
  const journalRecorded = journalOpened.then(async (journal) => {
    await journal.record(planned);
    return journal;
  });
  const archived =
    changes.length === 0
      ? Promise.resolve(null)
      : writeArchive(deps.store, {
          schemaVersion: 1,
          runId: run.runId,
          job: run.job,
          batchIndex,
          archivedAt: deps.now().toISOString(),
          changes,
        });
  const [journal, archivedChanges] = await Promise.all([journalRecorded, archived]);
  return { journal, archivedChanges };
}

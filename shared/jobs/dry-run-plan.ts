import { gzipSync } from 'node:zlib';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { planKey } from '#shared/storage/keys.ts';
import type { RunContext } from './run-context.ts';

/** One lead's planned changes in a dry run: ids and reasons only, never a cookie or storage value. */
export interface PlannedLeadChanges {
  readonly leadId: string;
  readonly changes: readonly {
    readonly reason: string;
    readonly detail?: string | null;
    readonly sessionId: string | null;
  }[];
}

/** Writes a batch's dry-run plan (gzipped JSON) under plans/<runId>/. */
export async function writeBatchPlan(
  store: ObjectStore,
  run: RunContext,
  batchIndex: number,
  leads: readonly PlannedLeadChanges[],
): Promise<void> {
  const document = { schemaVersion: 1, runId: run.runId, job: run.job, batchIndex, leads };
  await store.put(planKey(run.runId, batchIndex), gzipSync(JSON.stringify(document)), {
    contentType: 'application/json',
    contentEncoding: 'gzip',
  });
}

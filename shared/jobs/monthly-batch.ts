import {
  collectLeadStatistics,
  emptyStatistics,
  mergeStatistics,
  previousCalendarMonth,
  recordReadLatency,
  withAllLeadCounts,
  type BatchStatistics,
} from '#shared/core/analytics/index.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { batchFilter, type BatchDescriptor } from '#shared/mongo/batch-boundaries.ts';
import { readLeadDigests } from '#shared/mongo/lead-digests.ts';
import { countLeadsByType } from '#shared/mongo/lead-type-counts.ts';
import type { JobDependencies } from './ports.ts';
import { runPolicy, type RunContext } from './run-context.ts';

/**
 * Processes one batch of the monthly analytics (read-only): one aggregate returns the digests of the batch's leads
 * with session data, each is classified and folded into mergeable statistics, with the measured read latency; a
 * second aggregate counts every lead of the batch by type, so the report's lead counts include leads without
 * sessions.
 */
export async function processMonthlyBatch(
  deps: JobDependencies,
  run: RunContext,
  batch: BatchDescriptor,
): Promise<BatchStatistics> {
  const now = new Date(run.scheduledTime);
  const policy = runPolicy(run, deps.policy);
  const period = previousCalendarMonth(now);
  const started = performance.now();
  const digests = await readLeadDigests(deps.leads, batchFilter(batch));
  const readLatencyMs = performance.now() - started;
  let statistics = emptyStatistics();
  for (const digest of digests) {
    statistics = mergeStatistics(statistics, collectLeadStatistics(classifyLead(digest), { now, policy, period }));
  }
  const leadsByType = await countLeadsByType(deps.leads, batchFilter(batch));
  return recordReadLatency(withAllLeadCounts(statistics, leadsByType), readLatencyMs);
}

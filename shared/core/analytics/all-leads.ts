import type { BatchStatistics, LeadTypeCounts, LeadTypeKey } from './batch-statistics.ts';

/**
 * A batch's statistics with its lead counts taken from a count of every lead in the batch. The statistics are
 * collected from the leads the digest read returns, which are only those with session data; the report's
 * `totalLeads` and `byLeadType.<type>.leads` are about all leads.
 *
 * The two reads are not one snapshot: a lead with sessions deleted between them could make a type's lead count
 * fall below its leads with sessions, so each count is at least the number of such leads seen.
 */
export function withAllLeadCounts(
  statistics: BatchStatistics,
  leadsByType: Readonly<Record<LeadTypeKey, number>>,
): BatchStatistics {
  const byLeadType = Object.fromEntries(
    Object.entries(statistics.byLeadType).map(([type, counts]) => {
      const leads = Math.max(leadsByType[type as LeadTypeKey] ?? 0, counts.leads);
      return [type, { ...counts, leads } satisfies LeadTypeCounts];
    }),
  ) as Record<LeadTypeKey, LeadTypeCounts>;
  const leadsSeen = Object.values(byLeadType).reduce((sum, counts) => sum + counts.leads, 0);
  return { ...statistics, counts: { ...statistics.counts, leadsSeen }, byLeadType };
}

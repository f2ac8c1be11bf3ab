import type { Collection, Document } from 'mongodb';
import { leadTypes } from '#shared/core/session-model.ts';
import type { LeadTypeKey } from '#shared/core/analytics/batch-statistics.ts';

/** Every lead of a batch by lead type, with or without sessions: `{ftd: 12, ..., unknown: 1}`. */
export type LeadTypeTally = Readonly<Record<LeadTypeKey, number>>;

/**
 * Counts every lead a batch filter selects, per lead type, in one aggregate: the database groups, so only five
 * numbers travel and the stored `leadType` is never copied (anything but the app's four types groups as
 * `unknown`, as `classifyLead` reads it). The digest read skips leads without sessions; this count does not, which
 * is what "all leads" in the monthly report means.
 */
export async function countLeadsByType(leads: Collection<Document>, batchFilter: Document): Promise<LeadTypeTally> {
  const typeKey = { $cond: [{ $in: ['$leadType', [...leadTypes]] }, '$leadType', 'unknown'] };
  const groups = await leads
    .aggregate<{ _id: LeadTypeKey; leads: number }>([
      { $match: batchFilter },
      { $group: { _id: typeKey, leads: { $sum: 1 } } },
    ])
    .toArray();
  const tally: Record<LeadTypeKey, number> = { ftd: 0, filler: 0, cold: 0, live: 0, unknown: 0 };
  for (const group of groups) tally[group._id] += group.leads;
  return tally;
}

import {
  collectLeadStatistics,
  emptyStatistics,
  mergeStatistics,
  previousCalendarMonth,
  type BatchStatistics,
  type CollectContext,
} from '#shared/core/analytics/index.ts';
import { digestLead } from '#shared/core/session-digest.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { now } from '../../support/lead-fixtures.ts';

const dayMs = 86_400_000;

/** The fixtures' reference time, the default policy, and the previous calendar month (October 2026). */
export const fixtureContext: CollectContext = {
  now,
  policy: { sessionExpiryDays: 30, compressionAfterDays: 7, maxSessionsPerLead: 10 },
  period: previousCalendarMonth(now),
};

/** An instant `days` (fractional) plus `ms` before the fixtures' `now`. */
export function before(days: number, ms = 0): Date {
  return new Date(now.getTime() - days * dayMs - ms);
}

/** The merged statistics of lead documents, as a monthly batch computes them. */
export function statisticsOf(
  documents: readonly Record<string, unknown>[],
  context: CollectContext = fixtureContext,
): BatchStatistics {
  return documents
    .map((document) => collectLeadStatistics(classifyLead(digestLead(document)), context))
    .reduce(mergeStatistics, emptyStatistics());
}

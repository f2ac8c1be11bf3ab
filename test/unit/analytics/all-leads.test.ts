import { describe, expect, it } from 'vitest';
import { emptyStatistics, withAllLeadCounts, type BatchStatistics } from '#shared/core/analytics/index.ts';

function statisticsWith(leadsWithSessions: Partial<Record<'ftd' | 'cold', number>>): BatchStatistics {
  const empty = emptyStatistics();
  const byLeadType = { ...empty.byLeadType };
  for (const [type, leads] of Object.entries(leadsWithSessions) as ['ftd' | 'cold', number][]) {
    byLeadType[type] = { leads, leadsWithSessions: leads, sessions: 3 * leads, activeSessions: leads };
  }
  const seen = Object.values(leadsWithSessions).reduce((sum, leads) => sum + leads, 0);
  return { ...empty, counts: { ...empty.counts, leadsSeen: seen, leadsWithSessions: seen }, byLeadType };
}

describe('withAllLeadCounts', () => {
  it('takes every lead of each type from the count, leaving the session figures as collected', () => {
    // Prepare: 4 ftd and 2 cold leads with sessions; the batch holds 10 ftd, 5 cold and 1 unknown lead.
    const statistics = statisticsWith({ ftd: 4, cold: 2 });
    // Act
    const merged = withAllLeadCounts(statistics, { ftd: 10, filler: 0, cold: 5, live: 0, unknown: 1 });
    // Assess
    expect(merged.counts.leadsSeen).toBe(16);
    expect(merged.counts.leadsWithSessions).toBe(6);
    expect(merged.byLeadType.ftd).toEqual({ leads: 10, leadsWithSessions: 4, sessions: 12, activeSessions: 4 });
    expect(merged.byLeadType.unknown.leads).toBe(1);
    expect(merged.byLeadType.unknown.leadsWithSessions).toBe(0);
  });

  it('never counts fewer leads of a type than leads with sessions (a lead deleted between the two reads)', () => {
    const merged = withAllLeadCounts(statisticsWith({ ftd: 4 }), { ftd: 3, filler: 0, cold: 0, live: 0, unknown: 0 });
    expect(merged.byLeadType.ftd.leads).toBe(4);
    expect(merged.counts.leadsSeen).toBe(4);
  });
});

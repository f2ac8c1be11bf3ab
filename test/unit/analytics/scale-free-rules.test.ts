import { describe, expect, it } from 'vitest';
import {
  collectLeadStatistics,
  computeFigures,
  defaultThresholds,
  emptyStatistics,
  mergeStatistics,
  previousCalendarMonth,
  recommendationRules,
} from '#shared/core/analytics/index.ts';
import { defaultPolicy } from '#shared/core/config.ts';
import { digestLead } from '#shared/core/session-digest.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { generateLeads, noQuirks, type GeneratorOptions } from '#shared/generator/index.ts';

const now = new Date('2026-12-01T04:00:00.000Z');
const context = { now, policy: defaultPolicy, period: previousCalendarMonth(now) };

function figuresOf(options: Omit<GeneratorOptions, 'seed' | 'now'>) {
  let statistics = emptyStatistics();
  for (const lead of generateLeads({ seed: 31, now, ...options })) {
    statistics = mergeStatistics(statistics, collectLeadStatistics(classifyLead(digestLead(lead)), context));
  }
  return computeFigures(statistics, [], { expected: [], present: [] });
}

/** The "many sessions" rule compares sessions per lead, so the size of the database alone never makes it fire. */
describe('many-sessions compares a figure per lead, not a total', () => {
  it.each([200, 3000])('stays silent on %i generated leads with the app’s usual 0-10 sessions each', (leadCount) => {
    const figures = figuresOf({ leadCount, quirkRates: noQuirks, sessionsPerLead: { min: 0, max: 10 } });
    expect(figures.summary.totalSessions).toBeGreaterThan(leadCount > 1000 ? 1000 : 0);
    expect(recommendationRules['many-sessions'](figures, defaultThresholds)).toBeNull();
  });

  it('fires on 200 leads that each hold 9 or 10 sessions', () => {
    const figures = figuresOf({ leadCount: 200, quirkRates: noQuirks, sessionsPerLead: { min: 9, max: 10 } });
    expect(recommendationRules['many-sessions'](figures, defaultThresholds)?.title).toBe('Many sessions per lead');
  });
});

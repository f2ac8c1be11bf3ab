import { describe, expect, it } from 'vitest';
import {
  defaultThresholds,
  monthlyGrowth,
  recommendationRules,
  type AnalyticsReport,
  type RecommendationRuleName,
} from '#shared/core/analytics/index.ts';
import {
  formatBytes,
  formatCount,
  formatDecimal,
  formatMilliseconds,
  formatPercent,
  formatRatio,
} from '#shared/format/figures.ts';
import { defaultCodec } from '#shared/core/codec/codec-choice.ts';
import { healthyProfile } from '#shared/generator/index.ts';
import { monthlyReportsOver, type MonthlyReports } from './monthly-over-generated.ts';
import { scenarios } from './scale-scenarios.ts';

const now = new Date('2026-12-01T04:00:00.000Z');

/** The figure of every rule, for the log: how far below its threshold a healthy database sits. */
function figuresTheRulesCompare(report: AnalyticsReport): string {
  const growth = monthlyGrowth(report.trends?.storedBytesPerLeadWithSessions);
  return [
    `utilization ${formatPercent(report.usage.sessionUtilizationRate)}`,
    `recent access ${formatPercent(report.usage.recentAccessRate)}`,
    `unused active ${formatPercent(report.usage.unusedActiveRate)}`,
    `health ${formatPercent(report.health.sessionHealthScore)}`,
    `active expiring soon ${formatPercent(report.health.activeExpiringSoonRate)}`,
    `leads with integrity problems ${formatPercent(report.health.integrityProblemLeadRate)}`,
    `expired ${formatPercent(report.health.expirationRate)}`,
    `sessions per lead ${formatDecimal(report.summary.averageSessionsPerLead)}`,
    `bytes per lead ${formatBytes(report.storage.storedBytesPerLeadWithSessions)} (growth ${formatPercent(growth)})`,
    `compression candidates ${formatPercent(report.storage.compressionCandidateShare)}`,
    `ratio ${formatRatio(report.storage.compressionRatio)}`,
    `read p95 ${formatMilliseconds(report.performance.readLatencyMs.p95)}`,
  ].join(', ');
}
const dayMs = 86_400_000;
const ruleNames = Object.keys(recommendationRules) as RecommendationRuleName[];

/**
 * The same healthy profile at two sizes, a hundred times apart. At 20,000 leads the weekly compression uses brotli
 * quality 1 instead of the default 9: the profile's only slow step, and it leaves the ratio at 1.8× instead of 1.9×,
 * both far above the 1.5× threshold. 200 leads use the profile exactly.
 */
const scales = [
  { leadCount: 200, profile: healthyProfile },
  {
    leadCount: 20_000,
    profile: {
      ...healthyProfile,
      weeklyCompression: { ...healthyProfile.weeklyCompression, codec: { codec: 'brotli', level: 1 } as const },
    },
  },
] as const;

describe('the scenarios', () => {
  it('cover every recommendation rule once', () => {
    expect(scenarios.map((scenario) => scenario.rule).sort()).toEqual([...ruleNames].sort());
  });

  it('run the 200-lead scale on the exact healthy profile', () => {
    expect(scales[0].profile.weeklyCompression.codec).toEqual(defaultCodec);
  });
});

describe.each(scales)('on a healthy generated database of $leadCount leads', ({ leadCount, profile }) => {
  let reports: MonthlyReports | undefined;
  const run = (): MonthlyReports => {
    reports ??= monthlyReportsOver({ seed: 20261201, leadCount, ...profile }, now, scenarios);
    return reports;
  };

  it('the database is what the profile promises, counted from the documents', () => {
    // Act
    const { healthy, independent } = run();
    // Assess: the report counts what an independent reading finds, and the profile holds its promises.
    expect(independent.leads).toBe(leadCount);
    expect(healthy.summary.totalLeads).toBe(leadCount);
    expect(healthy.summary.totalSessions).toBe(independent.sessions);
    expect(independent.maxSessionsInALead).toBeLessThanOrEqual(10);
    expect(now.getTime() - independent.oldestSessionCreatedAt).toBeLessThan(30 * dayMs);
    expect(healthy.health.expiredSessions).toBe(0);
    expect(healthy.storage.compressedSessions).toBeGreaterThan(0);
    expect(healthy.summary.totalLeads).toBeGreaterThan(healthy.summary.leadsWithSessions);
  }, 600_000);

  it('every rule stays silent, the month-over-month one included', () => {
    const { healthy } = run();
    console.log(`${formatCount(leadCount)} healthy leads: ${figuresTheRulesCompare(healthy)}`);
    for (const rule of ruleNames) {
      expect({ rule, fired: recommendationRules[rule](healthy, defaultThresholds, healthy.trends) }).toEqual({
        rule,
        fired: null,
      });
    }
    expect(healthy.recommendations).toEqual([]);
    expect(healthy.rulesNotEvaluated).toEqual([]);
    // The totals grew by a tenth since last month; what a lead weighs did not.
    expect(healthy.trends?.totalLeads?.change).toBeGreaterThan(0);
  });

  it('in its first month, the growth rule is listed as not evaluated and nothing fires', () => {
    const { firstMonth } = run();
    expect(firstMonth.recommendations).toEqual([]);
    expect(firstMonth.rulesNotEvaluated).toEqual([
      { rule: 'bytes-per-lead-growth', reason: 'no monthly report for an earlier month to compare with' },
    ]);
  });

  it.each(scenarios)('$rule fires when $condition', ({ rule }) => {
    // Act
    const report = run().byScenario.get(rule);
    // Assess: the same share of changed leads makes it fire at both sizes.
    const titles = report?.recommendations.map((recommendation) => recommendation.title) ?? [];
    const fired = report === undefined ? null : recommendationRules[rule](report, defaultThresholds, report.trends);
    expect(fired).not.toBeNull();
    expect(titles).toContain(fired?.title);
    // Every number is written by the shared formatter: thousands separated, a few decimals at most.
    expect(fired?.description).not.toMatch(/\d{4,}|\.\d{7,}/);
  });
});

import {
  buildAnalyticsReport,
  collectLeadStatistics,
  emptyStatistics,
  mergeStatistics,
  previousCalendarMonth,
  recordReadLatency,
  type AnalyticsReport,
  type BatchStatistics,
  type CollectContext,
} from '#shared/core/analytics/index.ts';
import { isDocument, isValidDate } from '#shared/core/bson-type.ts';
import { defaultPolicy } from '#shared/core/config.ts';
import { digestLead } from '#shared/core/session-digest.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { expectedLeadIndexes } from '#shared/jobs/lead-indexes.ts';
import { generateLeads, type GeneratedLead, type GeneratorOptions } from '#shared/generator/index.ts';
import type { Scenario } from './scale-scenarios.ts';

const dayMs = 86_400_000;
/** Leads per monthly batch (each batch records one read latency, as the monthly job does). */
export const batchSize = 500;
/** The share of leads last month's database held: the same profile, 10 % fewer leads. */
const previousMonthShare = 0.9;

/** A plausible healthy batch read: 40 to 240 ms, varying by batch. */
const healthyReadLatencyMs = (batch: number): number => 40 + ((batch * 37) % 200);

/** What the documents hold, read without the analytics code: the oracle the reports are checked against. */
export interface IndependentCount {
  leads: number;
  sessions: number;
  maxSessionsInALead: number;
  oldestSessionCreatedAt: number;
}

export interface MonthlyReports {
  /** The healthy database, compared with last month's. */
  readonly healthy: AnalyticsReport;
  /** The healthy database without a previous report (the first month). */
  readonly firstMonth: AnalyticsReport;
  /** Per scenario (by rule), the database with its condition, compared with last month's healthy database. */
  readonly byScenario: ReadonlyMap<string, AnalyticsReport>;
  readonly independent: IndependentCount;
}

/** The statistics of one stream of leads, folded batch by batch as the monthly job's batches and Finalize do. */
class MonthlyFold {
  private batch = emptyStatistics();
  private total = emptyStatistics();

  private readonly readLatencyMs: (batch: number) => number;

  constructor(readLatencyMs: (batch: number) => number) {
    this.readLatencyMs = readLatencyMs;
  }

  add(lead: BatchStatistics): void {
    this.batch = mergeStatistics(this.batch, lead);
  }

  endBatch(index: number): void {
    this.total = mergeStatistics(this.total, recordReadLatency(this.batch, this.readLatencyMs(index)));
    this.batch = emptyStatistics();
  }

  /** Everything folded so far, the open batch included (without its read latency). */
  soFar(): BatchStatistics {
    return mergeStatistics(this.total, this.batch);
  }
}

function countIndependently(count: IndependentCount, lead: GeneratedLead): void {
  const history = Array.isArray(lead.sessionHistory) ? (lead.sessionHistory as unknown[]) : [];
  // A session is an entry with a non-empty sessionId (a phantom browserSession has none and is dated at a save).
  const sessionEntries = [lead.browserSession, ...history].filter(
    (entry): entry is Record<string, unknown> =>
      isDocument(entry) && typeof entry.sessionId === 'string' && entry.sessionId !== '',
  );
  const ids = new Set(sessionEntries.map((entry) => entry.sessionId));
  count.leads += 1;
  count.sessions += ids.size;
  count.maxSessionsInALead = Math.max(count.maxSessionsInALead, ids.size);
  for (const entry of sessionEntries) {
    if (isValidDate(entry.createdAt)) {
      count.oldestSessionCreatedAt = Math.min(count.oldestSessionCreatedAt, entry.createdAt.getTime());
    }
  }
}

/**
 * Generates the leads once and computes, in the same pass, the monthly report of the healthy database and of each
 * scenario: per-lead statistics through the job's pure core (`digestLead`, `classifyLead`, `collectLeadStatistics`),
 * folded in batches of 500 with one read latency each, merged, and turned into a report by `buildAnalyticsReport`
 * against last month's report (the same profile with 10 % fewer leads).
 */
export function monthlyReportsOver(
  options: Omit<GeneratorOptions, 'now'>,
  now: Date,
  scenarios: readonly Scenario[],
): MonthlyReports {
  const context: CollectContext = { now, policy: defaultPolicy, period: previousCalendarMonth(now) };
  const statisticsOf = (lead: GeneratedLead) => collectLeadStatistics(classifyLead(digestLead(lead)), context);
  const healthy = new MonthlyFold(healthyReadLatencyMs);
  const folds = scenarios.map((scenario) => {
    const latency = scenario.readLatencyMs;
    return new MonthlyFold(latency === undefined ? healthyReadLatencyMs : () => latency);
  });
  const independent: IndependentCount = {
    leads: 0,
    sessions: 0,
    maxSessionsInALead: 0,
    oldestSessionCreatedAt: Infinity,
  };
  const previousMonthLeads = Math.floor(options.leadCount * previousMonthShare);
  let lastMonth: BatchStatistics | null = null;
  let index = 0;
  for (const lead of generateLeads({ ...options, now })) {
    if (index === previousMonthLeads) lastMonth = healthy.soFar();
    countIndependently(independent, lead);
    const statistics = statisticsOf(lead);
    healthy.add(statistics);
    scenarios.forEach((scenario, position) => {
      const changed = scenario.change?.(lead, index, now) ?? null;
      folds[position]?.add(changed === null ? statistics : statisticsOf(changed));
    });
    index += 1;
    if (index % batchSize === 0 || index === options.leadCount) {
      const batch = Math.ceil(index / batchSize) - 1;
      healthy.endBatch(batch);
      for (const fold of folds) fold.endBatch(batch);
    }
  }
  const allIndexes = [...expectedLeadIndexes];
  const reportOf = (
    statistics: BatchStatistics,
    previous: AnalyticsReport | null,
    present: readonly string[] = allIndexes,
  ): AnalyticsReport =>
    buildAnalyticsReport({
      statistics,
      now,
      period: context.period,
      policy: defaultPolicy,
      previous,
      runHistory: [],
      indexes: { expected: allIndexes, present: ['_id_', ...present] },
    });
  const lastMonthNow = new Date(now.getTime() - 30 * dayMs);
  const previous = buildAnalyticsReport({
    statistics: lastMonth ?? emptyStatistics(),
    now: lastMonthNow,
    period: previousCalendarMonth(lastMonthNow),
    policy: defaultPolicy,
    previous: null,
    runHistory: [],
    indexes: { expected: allIndexes, present: allIndexes },
  });
  const byScenario = new Map(
    scenarios.map((scenario, position) => {
      const present = allIndexes.filter((name) => name !== scenario.missingIndex);
      return [scenario.rule, reportOf(folds[position]?.soFar() ?? emptyStatistics(), previous, present)] as const;
    }),
  );
  return {
    healthy: reportOf(healthy.soFar(), previous),
    firstMonth: reportOf(healthy.soFar(), null),
    byScenario,
    independent,
  };
}

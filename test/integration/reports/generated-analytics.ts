import {
  buildAnalyticsReport,
  collectLeadStatistics,
  emptyStatistics,
  mergeStatistics,
  previousCalendarMonth,
  recordReadLatency,
  type AnalyticsReport,
  type BatchStatistics,
} from '#shared/core/analytics/index.ts';
import { defaultPolicy } from '#shared/core/config.ts';
import { planCompression } from '#shared/core/codec/index.ts';
import { compressedPayloadField, digestLead } from '#shared/core/session-digest.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { generateLeads, type GeneratedLead } from '#shared/generator/index.ts';
import { expectedLeadIndexes } from '#shared/jobs/lead-indexes.ts';

const dayMs = 86_400_000;

/**
 * Compresses two of every three history entries older than the compression age with the real codec, as the weekly
 * job would have done (the generator writes leads as the app does, and the app never compresses), so the storage
 * figures have real byte counts.
 */
function asAfterWeeklyMaintenance(lead: GeneratedLead, now: Date): GeneratedLead {
  if (!Array.isArray(lead.sessionHistory)) return lead;
  const history = lead.sessionHistory.map((entry: unknown, index) => {
    if (entry === null || typeof entry !== 'object' || index % 3 === 0) return entry;
    const document = entry as Record<string, unknown>;
    const createdAt = document.createdAt;
    if (!(createdAt instanceof Date) || now.getTime() - createdAt.getTime() < 7 * dayMs) return entry;
    // A fast level: the page needs realistic byte counts, not the weekly job's best ratio (brotli 9 takes seconds here).
    const plan = planCompression(document, { compressedAt: now, codec: { codec: 'zstd', level: 3 } });
    if (!plan.compress) return entry;
    const { cookies: _cookies, localStorage: _local, sessionStorage: _session, ...metadata } = document;
    return { ...metadata, [compressedPayloadField]: plan.compressed };
  });
  return { ...lead, sessionHistory: history };
}

function statisticsOf(options: { seed: number; leadCount: number; now: Date; batchSize: number }): BatchStatistics {
  const policy = defaultPolicy;
  const period = previousCalendarMonth(options.now);
  let statistics = emptyStatistics();
  let batch = emptyStatistics();
  let inBatch = 0;
  for (const lead of generateLeads({ seed: options.seed, leadCount: options.leadCount, now: options.now })) {
    const classified = classifyLead(digestLead(asAfterWeeklyMaintenance(lead, options.now)));
    batch = mergeStatistics(batch, collectLeadStatistics(classified, { now: options.now, policy, period }));
    inBatch += 1;
    if (inBatch === options.batchSize) {
      // A plausible latency per batch, deterministic so that the page is the same on every run.
      statistics = mergeStatistics(statistics, recordReadLatency(batch, 40 + inBatch / 10 + (options.seed % 7)));
      batch = emptyStatistics();
      inBatch = 0;
    }
  }
  return inBatch === 0 ? statistics : mergeStatistics(statistics, recordReadLatency(batch, 35));
}

const runHistory = [
  { job: 'daily', status: 'COMPLETED', durationMs: 12_400, finishedAt: '2026-10-30T02:00:12.400Z' },
  { job: 'daily', status: 'COMPLETED', durationMs: 14_100, finishedAt: '2026-10-31T02:00:14.100Z' },
  { job: 'weekly', status: 'COMPLETED_WITH_ERRORS', durationMs: 185_000, finishedAt: '2026-10-26T03:03:05.000Z' },
  { job: 'monthly', status: 'COMPLETED', durationMs: 41_000, finishedAt: '2026-10-01T03:00:41.000Z' },
];

/**
 * A realistic monthly report: statistics of generated leads folded batch by batch as the monthly job does, against
 * the previous month's report built the same way from another corpus, so that every section has content.
 */
export function generatedMonthlyReport(leadCount = 500): AnalyticsReport {
  const policy = defaultPolicy;
  const lastMonth = new Date('2026-10-01T03:00:00.000Z');
  const now = new Date('2026-11-01T03:00:00.000Z');
  const indexes = { expected: [...expectedLeadIndexes], present: expectedLeadIndexes.slice(0, -1) };
  const previous = buildAnalyticsReport({
    statistics: statisticsOf({ seed: 7, leadCount: Math.round(leadCount * 0.85), now: lastMonth, batchSize: 100 }),
    now: lastMonth,
    period: previousCalendarMonth(lastMonth),
    policy,
    runHistory: [],
    indexes,
  });
  return buildAnalyticsReport({
    statistics: statisticsOf({ seed: 42, leadCount, now, batchSize: 100 }),
    now,
    period: previousCalendarMonth(now),
    policy,
    previous,
    runHistory,
    indexes,
  });
}

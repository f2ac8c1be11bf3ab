import { describe, expect, it } from 'vitest';
import {
  buildAnalyticsReport,
  collectLeadStatistics,
  emptyStatistics,
  mergeStatistics,
  previousCalendarMonth,
  recordReadLatency,
  type BatchStatistics,
} from '#shared/core/analytics/index.ts';
import { defaultPolicy } from '#shared/core/config.ts';
import { digestLead } from '#shared/core/session-digest.ts';
import { classifyLead } from '#shared/core/session-model.ts';
import { generateLeadArray, type GeneratedLead } from '#shared/generator/index.ts';

const now = new Date('2026-12-01T04:00:00.000Z');
const context = { now, policy: defaultPolicy, period: previousCalendarMonth(now) };
const leads = generateLeadArray({ seed: 20261201, leadCount: 2000, now });
const batchSize = 250;

const isPlainDocument = (value: unknown): value is Record<string, unknown> =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  !(value instanceof Date) &&
  !('_bsontype' in value);

/** An oracle written from the contract, independent of classifyLead: distinct non-empty session ids per lead. */
function sessionIdsOf(lead: GeneratedLead): Set<string> {
  const entries = [lead.browserSession, ...(Array.isArray(lead.sessionHistory) ? lead.sessionHistory : [])];
  const ids = entries
    .filter(isPlainDocument)
    .map((entry) => entry.sessionId)
    .filter((id): id is string => typeof id === 'string' && id !== '');
  return new Set(ids);
}

/** What one monthly batch computes, with a made-up but plausible read latency. */
function batchStatistics(batch: readonly GeneratedLead[], index: number): BatchStatistics {
  const statistics = batch
    .map((lead) => collectLeadStatistics(classifyLead(digestLead(lead)), context))
    .reduce(mergeStatistics, emptyStatistics());
  return recordReadLatency(statistics, 40 + ((index * 37) % 200));
}

describe('analytics on generated leads', () => {
  const batches = Array.from({ length: Math.ceil(leads.length / batchSize) }, (_, index) =>
    batchStatistics(leads.slice(index * batchSize, (index + 1) * batchSize), index),
  );
  const merged = batches.reduce(mergeStatistics, emptyStatistics());
  const report = buildAnalyticsReport({
    statistics: merged,
    now,
    period: context.period,
    policy: defaultPolicy,
    runHistory: [],
    indexes: { expected: ['currentSessionId'], present: ['_id_', 'currentSessionId'] },
  });

  it('counts the sessions an independent reading of the documents finds (current pair once, phantoms never)', () => {
    const perLead = leads.map(sessionIdsOf);
    const phantoms = leads.filter((lead) => isPlainDocument(lead.browserSession) && !lead.browserSession.sessionId);
    expect(report.summary.totalSessions).toBe(perLead.reduce((sum, ids) => sum + ids.size, 0));
    expect(report.summary.leadsWithSessions).toBe(perLead.filter((ids) => ids.size > 0).length);
    expect(report.summary.totalLeads).toBe(leads.length);
    expect(report.health.phantomBrowserSessions).toBe(phantoms.length);
  });

  it('gives the same statistics in batches as in one pass, in any batch order', () => {
    const onePass = batchStatistics(leads, 0);
    const { readLatencyHistogram: _a, maxReadLatencyMs: _b, ...withoutReads } = merged;
    const { readLatencyHistogram: _c, maxReadLatencyMs: _d, ...onePassWithoutReads } = onePass;
    expect(withoutReads).toEqual(onePassWithoutReads);
    expect([...batches].reverse().reduce(mergeStatistics, emptyStatistics())).toEqual(merged);
  });

  it('keeps its figures consistent: every session has one health and one age bucket, rates within [0, 1]', () => {
    const { health, summary, usage, storage } = report;
    const sessions = summary.totalSessions;
    expect(Object.values(report.ageHistogram).reduce((sum, n) => sum + n, 0)).toBe(sessions);
    expect(health.validSessions + health.invalidSessions + (health.orphanedByKind['invalid-created-at'] ?? 0)).toBe(
      sessions,
    );
    for (const rate of [
      usage.sessionUtilizationRate,
      health.sessionHealthScore,
      health.expirationRate,
      storage.compressedShare,
    ]) {
      expect(rate).toBeGreaterThanOrEqual(0);
      expect(rate).toBeLessThanOrEqual(1);
    }
    expect(storage.storedBytes).toBeGreaterThan(storage.totalSessionBytes);
  });

  it('contains no lead id, session id or session value', () => {
    const text = JSON.stringify(report);
    const sample = leads.filter((lead) => sessionIdsOf(lead).size > 0).slice(0, 50);
    for (const lead of sample) {
      expect(text).not.toContain(lead._id.toHexString());
      for (const id of sessionIdsOf(lead)) expect(text).not.toContain(id);
    }
    expect(text).not.toMatch(/session_\d|eyJ|persist:root/);
  });

  it('prints its headline figures', () => {
    const { summary, usage, health, storage, performance } = report;
    const percent = (rate: number | null) => (rate === null ? 'n/a' : `${(rate * 100).toFixed(1)} %`);
    console.log(
      [
        `${leads.length} generated leads, ${batches.length} batches of ${batchSize}`,
        `sessions ${summary.totalSessions} in ${summary.leadsWithSessions} leads (${summary.averageSessionsPerLead?.toFixed(2)} per lead), ${summary.activeSessions} active`,
        `utilization ${percent(usage.sessionUtilizationRate)}, health ${percent(health.sessionHealthScore)}, expired ${percent(health.expirationRate)}, integrity problems ${health.integrityProblems}`,
        `session bytes ${storage.totalSessionBytes} (average ${storage.averageSessionBytes?.toFixed(0)}), stored ${storage.storedBytes}, compression candidates ${storage.compressionCandidates}`,
        `read p50/p95 ${performance.readLatencyMs.p50?.toFixed(1)}/${performance.readLatencyMs.p95?.toFixed(1)} ms`,
        `recommendations: ${report.recommendations.map((r) => `${r.priority} ${r.title}`).join('; ')}`,
      ].join('\n'),
    );
    expect(report.recommendations.length).toBeGreaterThan(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsReport } from '#shared/core/analytics/index.ts';
import { healthyProfile } from '#shared/generator/index.ts';
import type { RunReport } from '#shared/jobs/run-report.ts';
import { getJson } from '#shared/storage/json-objects.ts';
import { startLocalStack, type LocalStack } from '../../support/local-stack.ts';

/**
 * The monthly job itself (embedded server, real driver, batches, Finalize) on the generator's healthy profile: no
 * rule that reads the documents fires. Batch read latency is left out: it measures this shared machine, not the data.
 */
describe('the monthly job on a healthy database', () => {
  let stack: LocalStack;
  let analytics: AnalyticsReport;

  beforeAll(async () => {
    // A manual run's reference time is the moment it starts: generate the data just before, relative to it.
    stack = await startLocalStack({ leadCount: 300, seed: 5151, now: new Date(), generator: healthyProfile });
    const run = await stack.run('monthly', { batchSize: 100 }, 'healthy');
    expect(run.execution?.output?.status).toBe('COMPLETED');
    const report = await getJson<RunReport>(stack.environment.store, run.execution?.output?.reportKey as string);
    analytics = report?.analytics as AnalyticsReport;
  }, 180_000);

  afterAll(async () => {
    await stack.close();
  });

  it('recommends nothing about the data', () => {
    const titles = analytics.recommendations.map((recommendation) => recommendation.title);
    expect(titles.filter((title) => title !== 'Slow batch reads')).toEqual([]);
    expect(analytics.summary.totalLeads).toBe(300);
    expect(analytics.storage.compressedSessions).toBeGreaterThan(0);
  });

  it('says that its first month had nothing to compare growth with', () => {
    expect(analytics.trends).toBeNull();
    expect(analytics.rulesNotEvaluated).toEqual([
      { rule: 'bytes-per-lead-growth', reason: 'no monthly report for an earlier month to compare with' },
    ]);
  });
});

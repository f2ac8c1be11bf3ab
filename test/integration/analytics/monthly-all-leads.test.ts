import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BSON, type Document } from 'mongodb';
import type { AnalyticsReport } from '#shared/core/analytics/index.ts';
import { leadTypes } from '#shared/core/session-model.ts';
import type { RunReport } from '#shared/jobs/run-report.ts';
import { getJson } from '#shared/storage/json-objects.ts';
import { startLocalStack, type LocalStack } from '../../support/local-stack.ts';

/**
 * Every monthly figure whose name says "all" or "total", against a direct count of the stored documents (read with
 * the real driver from the embedded server), on generated leads plus hand-made ones without sessions.
 */
const now = new Date('2026-12-01T04:00:00.000Z');

const isPlainDocument = (value: unknown): value is Document =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  !(value instanceof Date) &&
  !('_bsontype' in value);

/** The contract's sessions of a lead, read straight from the document: distinct non-empty session ids. */
function primaryEntriesOf(lead: Document): Map<string, Document> {
  const entries = [lead.browserSession, ...(Array.isArray(lead.sessionHistory) ? lead.sessionHistory : [])];
  const primaries = new Map<string, Document>();
  for (const entry of entries) {
    if (!isPlainDocument(entry) || typeof entry.sessionId !== 'string' || entry.sessionId === '') continue;
    if (!primaries.has(entry.sessionId)) primaries.set(entry.sessionId, entry);
  }
  return primaries;
}

describe('the monthly report counts all leads', () => {
  let stack: LocalStack;
  let analytics: AnalyticsReport;

  beforeAll(async () => {
    stack = await startLocalStack({ leadCount: 600, seed: 4242, now });
    // Leads the app keeps without any session field, one of a type the report does not know, one keyed by a string.
    await stack.leads.insertMany([
      { leadType: 'cold', firstName: 'No', lastName: 'Session' },
      { leadType: 'partner', firstName: 'Other', lastName: 'Type' },
      { _id: 'imported-17' as unknown as never, leadType: 'ftd', sessionHistory: [] },
    ]);
    const run = await stack.run('monthly', { batchSize: 100 }, 'all-leads');
    expect(run.execution?.output?.status).toBe('COMPLETED');
    const report = await getJson<RunReport>(stack.environment.store, run.execution?.output?.reportKey as string);
    analytics = report?.analytics as AnalyticsReport;
  }, 120_000);

  afterAll(async () => {
    await stack.close();
  });

  it('counts every lead in totalLeads, with or without sessions', async () => {
    const all = await stack.leads.countDocuments({});
    const withSessions = (await stack.leads.find({}).toArray()).filter((lead) => primaryEntriesOf(lead).size > 0);
    expect(analytics.summary.totalLeads).toBe(all);
    expect(analytics.summary.leadsWithSessions).toBe(withSessions.length);
    expect(analytics.summary.totalLeads).toBeGreaterThan(analytics.summary.leadsWithSessions);
  });

  it('counts every lead of each type in the lead-type table ("counted over all leads")', async () => {
    const leads = await stack.leads.find({}).toArray();
    for (const type of [...leadTypes, 'unknown'] as const) {
      const ofType = leads.filter((lead) =>
        type === 'unknown' ? !(leadTypes as readonly unknown[]).includes(lead.leadType) : lead.leadType === type,
      );
      const row = analytics.usage.byLeadType[type];
      expect(row?.leads, type).toBe(ofType.length);
      expect(row?.leadsWithSessions, type).toBe(ofType.filter((lead) => primaryEntriesOf(lead).size > 0).length);
      expect(row?.sessions, type).toBe(ofType.reduce((sum, lead) => sum + primaryEntriesOf(lead).size, 0));
    }
    const rows = Object.values(analytics.usage.byLeadType);
    expect(rows.reduce((sum, row) => sum + row.leads, 0)).toBe(analytics.summary.totalLeads);
  });

  it('counts totalSessions, totalSessionBytes and orphanedTotal as the documents hold them', async () => {
    const leads = await stack.leads.find({}, { promoteValues: false }).toArray();
    const primaries = leads.flatMap((lead) => [...primaryEntriesOf(lead).values()]);
    expect(analytics.summary.totalSessions).toBe(primaries.length);
    expect(analytics.storage.totalSessionBytes).toBe(
      primaries.reduce((sum, entry) => sum + BSON.calculateObjectSize(entry), 0),
    );
    expect(analytics.health.orphanedTotal).toBe(
      Object.values(analytics.health.orphanedByKind).reduce((sum, count) => sum + count, 0),
    );
    const withoutSessionId = leads
      .flatMap((lead) => (Array.isArray(lead.sessionHistory) ? lead.sessionHistory : []))
      .filter((entry) => isPlainDocument(entry) && (typeof entry.sessionId !== 'string' || entry.sessionId === ''));
    expect(analytics.health.orphanedByKind['missing-session-id']).toBe(withoutSessionId.length);
  });
});

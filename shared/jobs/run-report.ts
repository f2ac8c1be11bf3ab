import type { Document } from 'mongodb';
import type { AnalyticsReport } from '#shared/core/analytics/index.ts';
import type { RunStatus } from '#shared/mongo/run-records.ts';
import { countAt, type CountTree } from './counters.ts';
import type { RunContext } from './run-context.ts';

/** The report every run writes (documented in docs/reports.md). Never a cookie value, storage value or secret. */
export interface RunReport {
  readonly schemaVersion: 1;
  readonly runId: string;
  readonly job: RunContext['job'];
  readonly status: RunStatus;
  readonly trigger: RunContext['trigger'];
  readonly dryRun: boolean;
  readonly scheduledTime: string;
  readonly parameters: Document;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly batches: { readonly planned: number; readonly succeeded: number; readonly failed: readonly FailedBatch[] };
  /** Daily and weekly: what changed (dry run: what would change), merged over the batches. */
  readonly counts: CountTree;
  /** Monthly: the analytics. */
  readonly analytics: AnalyticsReport | null;
  readonly locations: {
    readonly report: string;
    readonly html?: string;
    readonly plans?: string;
    readonly archive?: string;
  };
  readonly failure: string | null;
  /** Set when the run record could not be written (the database could not be reached): why. */
  readonly runRecordNotWritten?: string;
}

export interface FailedBatch {
  readonly index: number;
  readonly error: string;
}

/** The small summary returned to Step Functions, published as the "run finished" event, printed by the CLI. */
export interface RunSummary {
  readonly runId: string;
  readonly job: RunContext['job'];
  readonly status: RunStatus;
  readonly dryRun: boolean;
  readonly durationMs: number;
  readonly batches: { readonly planned: number; readonly failed: number };
  readonly headline: Readonly<Record<string, number | null>>;
  readonly reportKey: string;
  /** Why a FAILED run failed (redacted, as in its report); null otherwise. */
  readonly failure: string | null;
}

const removalReasons = ['expired', 'orphaned', 'overLimit', 'invalid'] as const;

/** The few numbers that say what a run did, per job. */
export function headlineOf(report: RunReport): Record<string, number | null> {
  const counts = report.counts;
  switch (report.job) {
    case 'daily': {
      const byReason = Object.fromEntries(
        removalReasons.map((reason) => [reason, countAt(counts, ['sessionsRemoved', reason])]),
      );
      return {
        leadsScanned: countAt(counts, ['leadsScanned']),
        sessionsRemoved: removalReasons.reduce((sum, reason) => sum + (byReason[reason] ?? 0), 0),
        ...byReason,
      };
    }
    case 'weekly':
      return {
        leadsScanned: countAt(counts, ['leadsScanned']),
        sessionsCompressed: countAt(counts, ['sessionsCompressed']),
        historyEntriesDeduplicated: countAt(counts, ['historyEntriesDeduplicated']),
        cookiesRemoved: countAt(counts, ['expiredCookiesRemoved']) + countAt(counts, ['duplicateCookiesRemoved']),
        bytesSaved: countAt(counts, ['bytesSaved']),
      };
    case 'monthly':
      return {
        totalSessions: report.analytics?.summary.totalSessions ?? null,
        sessionHealthScore: report.analytics?.health.sessionHealthScore ?? null,
        sessionUtilizationRate: report.analytics?.usage.sessionUtilizationRate ?? null,
        recommendations: report.analytics?.recommendations.length ?? null,
      };
  }
}

export function summarize(report: RunReport): RunSummary {
  return {
    runId: report.runId,
    job: report.job,
    status: report.status,
    dryRun: report.dryRun,
    durationMs: report.durationMs,
    batches: { planned: report.batches.planned, failed: report.batches.failed.length },
    headline: headlineOf(report),
    reportKey: report.locations.report,
    failure: report.failure,
  };
}

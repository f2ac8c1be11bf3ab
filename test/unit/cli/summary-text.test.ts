import { describe, expect, it } from 'vitest';
import type { LocalJobRun } from '#local/runner/run-job.ts';
import type { RunSummary } from '#shared/jobs/run-report.ts';
import { causeMessage, describeRun, failureLine, runFailureLine } from '#local/cli/summary-text.ts';

const cause =
  'TransientDatabaseError: cannot reach MongoDB at db1:27017 (MONGODB_URI): connection refused (is the server running, and is the port right?)';
const message = cause.replace('TransientDatabaseError: ', '');
const failedRun: RunSummary = {
  runId: 'daily-manual-20261201T020000Z-a1b2',
  job: 'daily',
  status: 'FAILED',
  dryRun: false,
  durationMs: 1_200,
  batches: { planned: 0, failed: 0 },
  headline: { leadsScanned: 0, sessionsRemoved: 0, expired: 0, orphaned: 0, overLimit: 0, invalid: 0 },
  reportKey: 'reports/daily/2026/12/01/daily-manual-20261201T020000Z-a1b2.json',
  failure: cause,
};
const run: LocalJobRun = {
  start: { started: true, runId: failedRun.runId, executionArn: 'local:daily', dryRun: false },
  execution: { name: failedRun.runId, status: 'FAILED', output: null, failedRun, error: 'MaintenanceRunFailed' },
};

describe("a failed run's cause, as people read it", () => {
  it("leaves out the error's class name, and only a leading one", () => {
    expect(causeMessage(cause)).toBe(message);
    expect(causeMessage('Error: injected: lead range unreadable')).toBe('injected: lead range unreadable');
    expect(causeMessage('MongoBulkWriteError: E11000 duplicate key')).toBe('E11000 duplicate key');
    expect(causeMessage('the run failed and its report could not be written (AccessDenied: no)')).toBe(
      'the run failed and its report could not be written (AccessDenied: no)',
    );
    expect(causeMessage('TIMED_OUT: States.Timeout')).toBe('TIMED_OUT: States.Timeout');
    expect(causeMessage('FAILED: Error: bad URI')).toBe('FAILED: Error: bad URI');
  });

  it('prints the message in the error line and in the summary, while the summary itself keeps the cause whole', () => {
    expect(failureLine(run, failedRun)).toBe(`run ${failedRun.runId} failed: ${message}`);
    expect(runFailureLine(failedRun.runId, 'timed out', 'TIMED_OUT: States.Timeout')).toBe(
      `run ${failedRun.runId} timed out: TIMED_OUT: States.Timeout`,
    );
    const text = describeRun(run, null);
    expect(text).toContain(`  failure: ${message}\n`);
    expect(text).not.toContain('TransientDatabaseError');
    expect(failedRun.failure).toBe(cause);
  });
});

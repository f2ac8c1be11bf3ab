import {
  formatCount,
  formatDuration,
  formatMilliseconds,
  formatPercent,
  formatSampled,
  formatTimestamp,
} from '#shared/format/figures.ts';
import { describeHeadline } from '#shared/format/run-headline.ts';
import { headlineOf, type RunReport } from '#shared/jobs/run-report.ts';
import { getJson } from '#shared/storage/json-objects.ts';
import { latestReportKey, monthlyReportPrefix } from '#shared/storage/keys.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import type { ReportShowCommand } from './arguments.ts';
import { errorPrefix, exitCodes, type CommandIo } from './command-io.ts';

/** How a report's objects are shown: a file path locally; in S3 the JSON's s3:// URI and a presigned HTML link. */
export interface ReportLocator {
  report(key: string): Promise<string>;
  html(key: string): Promise<string>;
}

/** Local folder: both are file paths. */
export function fileLocator(store: ObjectStore): ReportLocator {
  return { report: (key) => store.locate(key), html: (key) => store.locate(key) };
}

/** S3: the JSON is for tools (s3:// URI); the HTML page is for a browser, so it gets a presigned link (1 hour). */
export function bucketLocator(store: ObjectStore): ReportLocator {
  return { report: async (key) => `${store.description}/${key}`, html: (key) => store.locate(key) };
}

/**
 * Finds the monthly report about `month` (yyyy-mm). A monthly run covers the calendar month before its slot, and
 * its report is dated by that slot, so the report about October is among those dated November.
 */
async function monthlyReportFor(store: ObjectStore, month: string): Promise<RunReport | null> {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const next = monthNumber === 12 ? { year: year + 1, month: 1 } : { year, month: monthNumber + 1 };
  const keys = (await store.list(monthlyReportPrefix(next.year, next.month)))
    .filter((key) => key.endsWith('.json'))
    .sort()
    .reverse();
  for (const key of keys) {
    const report = await getJson<RunReport>(store, key);
    const periodStart = report?.analytics?.period.start;
    if (report && !report.dryRun && typeof periodStart === 'string' && periodStart.startsWith(month)) return report;
  }
  return null;
}

/** `report show [--job monthly] [--month 2026-10]`: the latest report of a job, or the monthly one about a month. */
export async function reportShowCommand(
  command: ReportShowCommand,
  store: ObjectStore,
  locator: ReportLocator,
  io: CommandIo,
): Promise<number> {
  const report =
    command.month === null
      ? await getJson<RunReport>(store, latestReportKey(command.job))
      : await monthlyReportFor(store, command.month);
  if (report === null) {
    io.stderr.write(
      `${errorPrefix}no ${command.job} report${command.month ? ` for ${command.month}` : ''} in ${store.description}\n`,
    );
    return exitCodes.failed;
  }
  if (command.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return exitCodes.completed;
  }
  io.stdout.write(`${(await describeReport(report, locator)).join('\n')}\n`);
  return exitCodes.completed;
}

/** The readable form of a run report (also printed after a remote run). */
export async function describeReport(report: RunReport, locator: ReportLocator): Promise<string[]> {
  const lines = [
    `${report.job} report ${report.runId}: ${report.status}${report.dryRun ? ' (dry run)' : ''}, finished ${formatTimestamp(report.finishedAt)}, ${formatDuration(report.durationMs)}`,
    `  report: ${await locator.report(report.locations.report)}`,
  ];
  if (report.locations.html) lines.push(`  HTML: ${await locator.html(report.locations.html)}`);
  if (report.failure) lines.push(`  failure: ${report.failure}`);
  for (const batch of report.batches.failed.slice(0, 5)) lines.push(`  batch ${batch.index} failed: ${batch.error}`);
  if (report.batches.failed.length > 5) lines.push(`  ... and ${report.batches.failed.length - 5} more failed batches`);
  if (report.analytics) {
    const a = report.analytics;
    const latency = a.performance.readLatencyMs;
    lines.push(`  period: ${formatTimestamp(a.period.start)} .. ${formatTimestamp(a.period.end)}`);
    lines.push(
      `  leads: ${formatCount(a.summary.totalLeads)}, ${formatCount(a.summary.leadsWithSessions)} with sessions; ` +
        `sessions: ${formatCount(a.summary.totalSessions)}; health score: ${formatPercent(a.health.sessionHealthScore)}; ` +
        `utilization: ${formatPercent(a.usage.sessionUtilizationRate)}`,
    );
    if (latency.batches > 0) {
      lines.push(
        `  batch reads: ${formatSampled(`p50 ${formatMilliseconds(latency.p50)}, p95 ${formatMilliseconds(latency.p95)}`, latency.batches, 'batch', 'batches')}`,
      );
    }
    for (const recommendation of a.recommendations) {
      lines.push(`  [${recommendation.priority}] ${recommendation.title}: ${recommendation.action}`);
    }
    if (a.recommendations.length === 0) lines.push('  no recommendations: every figure is within its threshold');
    // A rule that had nothing to compare (growth in the first month) is named, not taken for a good figure.
    for (const skipped of a.rulesNotEvaluated ?? []) lines.push(`  not evaluated: ${skipped.rule} (${skipped.reason})`);
  } else {
    lines.push(`  ${describeHeadline(report.job, headlineOf(report), report.dryRun)}`);
  }
  return lines;
}

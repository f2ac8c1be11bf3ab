import { describeRun } from '#local/cli/summary-text.ts';
import { progressPrinter } from '#local/demo/progress.ts';
import { runDemo } from '#local/demo/run-demo.ts';
import { formatBytes, formatCount } from '#shared/format/figures.ts';

/** `npm run demo`: seeds realistic leads and runs the daily, weekly and monthly jobs locally. */
const leadCount = Number(process.env.DEMO_LEADS ?? 2000);
if (!Number.isInteger(leadCount) || leadCount < 1 || leadCount > 200_000) {
  process.stderr.write(`DEMO_LEADS must be a whole number from 1 to 200000, got "${process.env.DEMO_LEADS}"\n`);
  process.exit(2);
}

const mongoUri = process.env.MONGODB_URI || null;
const dataDir = '.embedded-mongo';
process.stdout.write(
  `Seeding ${formatCount(leadCount)} generated leads and running daily, weekly and monthly jobs locally...\n`,
);
const result = await runDemo({
  leadCount,
  seed: Number(process.env.DEMO_SEED ?? 20261128),
  reportsDir: 'reports',
  mongoUri,
  dataDir,
  onJobFinished: (_job, run) => process.stdout.write(describeRun(run, null)),
  onProgress: progressPrinter(process.stdout, Boolean(process.stdout.isTTY)),
});
const { before, afterDaily, after } = result;
process.stdout.write(
  [
    '',
    `Database: ${result.databaseDescription}`,
    // The embedded server stopped with the demo: its address would lead nowhere. The folder keeps the data.
    mongoUri === null
      ? `  (the demo's server has stopped; serve the data again with: npm run db:embedded -- --data-dir ${dataDir})`
      : '  (its demo database, not the application database)',
    `Sessions: ${formatCount(before.sessions)} before, ${formatCount(afterDaily.sessions)} after the daily cleanup, ${formatCount(after.sessions)} at the end (${formatCount(after.compressedSessions)} compressed)`,
    `Stored lead data: ${formatBytes(before.documentBytes)} before, ${formatBytes(after.documentBytes)} after`,
    `Reports: ./reports/<job>/<yyyy>/<mm>/<dd>/<runId>.json (plans and archive beside them)`,
    `Next: npm run cleanup:sessions -- status       (the command line works on the same data)`,
    `      npm run cleanup:sessions -- leads list   (lead ids for session export --lead and restore --lead)`,
    result.monthlyHtmlPath
      ? `Monthly HTML report: ${result.monthlyHtmlPath}`
      : 'Monthly HTML report: not written (the monthly run failed)',
    '',
  ].join('\n'),
);
const failed = Object.values(result.runs).some((run) => run.execution?.output?.status !== 'COMPLETED');
process.exit(failed ? 1 : 0);

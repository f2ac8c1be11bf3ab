import { errorPrefix, exitCodes } from '#local/cli/command-io.ts';
import { describeRun } from '#local/cli/summary-text.ts';
import { parseIntegerSetting } from '#shared/core/config.ts';
import { progressPrinter } from './progress.ts';
import { runDemo } from './run-demo.ts';
import { formatBytes, formatCount } from '#shared/format/figures.ts';

/**
 * `npm run demo`: seeds realistic leads and runs the daily, weekly and monthly jobs locally, printing what happened.
 * Settings come from DEMO_LEADS, DEMO_SEED and MONGODB_URI; resolves to the process exit code.
 */
export async function runDemoCommand(): Promise<number> {
  const leadSetting = parseIntegerSetting(
    { variable: 'DEMO_LEADS', range: { min: 1, max: 200_000 }, unit: 'leads', fallback: 2000 },
    process.env.DEMO_LEADS,
  );
  // Any whole number is a seed; NaN (DEMO_SEED=abc) would silently seed something else.
  const seedSetting = parseIntegerSetting(
    { variable: 'DEMO_SEED', range: { min: 0, max: 2 ** 31 - 1 }, unit: null, fallback: 20261128 },
    process.env.DEMO_SEED,
  );
  const problems = [leadSetting, seedSetting].filter((value): value is string => typeof value === 'string');
  if (problems.length > 0) {
    process.stderr.write(problems.map((problem) => `${errorPrefix}${problem}\n`).join(''));
    return exitCodes.configuration;
  }
  const leadCount = leadSetting as number;

  const mongoUri = process.env.MONGODB_URI || null;
  const dataDir = '.embedded-mongo';
  process.stdout.write(
    `Seeding ${formatCount(leadCount)} generated leads and running daily, weekly and monthly jobs locally...\n`,
  );
  const result = await runDemo({
    leadCount,
    seed: seedSetting as number,
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
  return failed ? 1 : 0;
}

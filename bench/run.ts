/**
 * Benchmarks of the session maintenance: the daily pipeline against the straightforward approach, the batch size,
 * the payload codecs and the weekly compression, and the Lambda bundles. Prints tables and writes
 * bench/results/<part>.json. See docs/benchmarks.md.
 *
 *   npx node bench/run.ts                              everything (about 40 minutes on 2 cores)
 *   npx node bench/run.ts --only daily --leads 10000   one part, one size
 *   npx node bench/run.ts --only daily,weekly --mongodb-uri mongodb://host:27017   against a real MongoDB
 *   npx node bench/run.ts --help
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBundlesPart } from './bundles/bundles-part.ts';
import { runCompressionPart } from './compression/compression-part.ts';
import { runDailyPart, type DailySizeResult } from './daily/daily-part.ts';
import { runSweepPart } from './daily/sweep-part.ts';
import { parseBenchOptions, usage, type BenchOptions, type PartName } from './support/cli-options.ts';
import { externalDatabases } from './support/external-database.ts';
import { describeMachine } from './support/machine.ts';
import { readResults, writeResults } from './support/results.ts';
import { embeddedDatabases, type BenchDatabases } from './support/run-databases.ts';
import { ensureSnapshot, type Snapshot } from './support/snapshots.ts';
import { brokenChecks, type TargetVerdict } from './support/targets.ts';
import { runWeeklyPart } from './weekly/weekly-part.ts';

/** Every date of the corpus and every run's reference time: a daily slot (02:00 UTC). */
const benchNow = new Date('2026-11-28T02:00:00.000Z');

function readOptions(): BenchOptions {
  try {
    const options = parseBenchOptions(process.argv.slice(2));
    if (options === null) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return options;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    process.exit(2);
  }
}

const options = readOptions();
const workDirectory = mkdtempSync(join(tmpdir(), 'lead-session-bench-'));
const snapshotRoot = options.snapshotDirectory ? resolve(options.snapshotDirectory) : join(workDirectory, 'snapshots');
const snapshots = new Map<number, Promise<Snapshot>>();

/** The seeded database of `leads` generated leads, seeded once per invocation (or reused from --snapshot-dir). */
function snapshot(leads: number): Promise<Snapshot> {
  let pending = snapshots.get(leads);
  if (pending === undefined) {
    process.stdout.write(
      `  snapshot of ${leads.toLocaleString('en-US')} generated leads (seed ${String(options.seed)}): seeding or reusing...\n`,
    );
    pending = ensureSnapshot(snapshotRoot, options.seed, leads, benchNow);
    snapshots.set(leads, pending);
  }
  return pending;
}

/** Where every run happens: the embedded server (default), or the MongoDB of --mongodb-uri. */
const databases: BenchDatabases =
  options.mongodbUri === null
    ? embeddedDatabases(snapshot, { leads: options.warmUpLeads, runs: options.warmUpRuns })
    : externalDatabases(options.mongodbUri, options.seed, benchNow);

process.stdout.write(
  options.mongodbUri === null && options.warmUpLeads > 0
    ? `Every measured run starts on a warmed-up server: the same job ran ${options.warmUpRuns === 1 ? 'once' : `${String(options.warmUpRuns)} times`} before it, unmeasured, each time on a fresh copy of ${options.warmUpLeads.toLocaleString('en-US')} leads of its own in the same server process (--warm-up-leads 0: cold).\n`
    : options.mongodbUri === null
      ? 'Every measured run starts on a cold server process (--warm-up-leads 0).\n'
      : '',
);

// Interrupted: drop the databases still open on a real MongoDB, remove the temporary files (the children leave
// when their IPC channel closes).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void databases.closeAll().finally(() => {
      rmSync(workDirectory, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

// The connection string may hold credentials: the results keep only the hosts (`target`).
const { mongodbUri: _uri, ...recordedOptions } = options;
const parameters = { ...recordedOptions, now: benchNow.toISOString(), target: databases.target };

/** Correctness checks that failed in any part: reported at once, and the bench exits with code 1 at the end. */
const failures: TargetVerdict[] = [];
function check(part: string, verdicts: readonly TargetVerdict[]): void {
  for (const verdict of brokenChecks(verdicts)) {
    failures.push(verdict);
    process.stderr.write(`\n!! ${part}: CHECK FAILED: ${verdict.target}: ${verdict.measured}\n`);
  }
}

const parts: Record<PartName, () => Promise<void>> = {
  async daily() {
    // Sizes measured by another invocation on the same corpus are kept (see runDailyPart), read once this one is done.
    const earlier = (): DailySizeResult[] => {
      const document = readResults<{ sizes: DailySizeResult[] }>('daily');
      const sameCorpus =
        document?.parameters.seed === options.seed &&
        document.parameters.now === parameters.now &&
        (document.parameters.target ?? databases.target) === databases.target;
      return sameCorpus ? document.results.sizes : [];
    };
    const { results, targets } = await runDailyPart(
      {
        leadCounts: options.leads,
        naiveMaxLeads: options.naiveMaxLeads,
        concurrentMaxLeads: options.concurrentMaxLeads,
        concurrency: options.concurrency,
        pipelineRuns: options.pipelineRuns,
        batchSize: 1000,
        now: benchNow,
        workDirectory,
        databases,
      },
      earlier,
    );
    process.stdout.write(`wrote ${writeResults('daily', parameters, { sizes: results, targets })}\n`);
    check('daily', targets);
  },
  async weekly() {
    const results = await runWeeklyPart({
      leads: options.weeklyLeads,
      batchSize: 1000,
      now: benchNow,
      workDirectory,
      databases,
    });
    process.stdout.write(`wrote ${writeResults('weekly', parameters, results)}\n`);
    check('weekly', results.targets);
  },
  async sweep() {
    const { runs, targets } = await runSweepPart({
      leads: options.sweepLeads,
      batchSizes: options.batchSizes,
      now: benchNow,
      workDirectory,
      databases,
    });
    process.stdout.write(`wrote ${writeResults('batch-size-sweep', parameters, { runs, targets })}\n`);
    check('sweep', targets);
  },
  async compression() {
    const results = await runCompressionPart({
      seed: options.seed,
      codecLeads: options.codecLeads,
      runs: options.codecRuns,
      now: benchNow,
    });
    process.stdout.write(`wrote ${writeResults('compression', parameters, results)}\n`);
  },
  async bundles() {
    const results = await runBundlesPart({ importRuns: options.importRuns, workDirectory });
    process.stdout.write(`wrote ${writeResults('bundles', parameters, results)}\n`);
  },
};

const machine = describeMachine();
process.stdout.write(
  `Node ${machine.node}, ${machine.cpuModel} x${String(machine.cores)}, ${String(machine.totalMemoryGiB)} GiB ` +
    `(${String(machine.freeMemoryGiB)} free); parts: ${options.parts.join(', ')}; server: ${databases.target}\n`,
);
const started = performance.now();
try {
  for (const part of options.parts) {
    const partStarted = performance.now();
    process.stdout.write(`\n== ${part}\n`);
    await parts[part]();
    process.stdout.write(`${part}: ${((performance.now() - partStarted) / 1000).toFixed(0)} s\n`);
  }
} finally {
  await databases.closeAll();
  rmSync(workDirectory, { recursive: true, force: true });
}
process.stdout.write(`\nTotal: ${((performance.now() - started) / 60_000).toFixed(1)} min\n`);
if (failures.length > 0) {
  process.stderr.write(
    `\nFAILED: ${String(failures.length)} correctness check(s) did not hold:\n` +
      failures.map((verdict) => `  - ${verdict.target}: ${verdict.measured}`).join('\n') +
      '\n',
  );
  process.exitCode = 1;
}

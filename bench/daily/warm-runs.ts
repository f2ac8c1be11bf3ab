/**
 * Diagnostic (not part of bench/run.ts): the daily job run several times in ONE embedded server process, each time
 * on its own copy of the same seeded snapshot, with the server CPU of each run. The first run pays the server
 * process's warm-up (V8 compiling the hot code, the young generation and the allocator growing), the later ones
 * only the work: their difference is the fixed cost that inflates the per-lead figure of small runs.
 * With `--beside <leads>`, the snapshot of that many leads is loaded too, as another database nobody reads: what
 * the runs then cost more comes from the server's size, not from the collection the job reads.
 *
 *   npx node bench/daily/warm-runs.ts --snapshot-dir /tmp/snap --leads 1000 [--runs 4] [--beside 100000]
 *
 * The snapshots must exist (seeded by `bench/run.ts --snapshot-dir` with the same directory and default seed).
 */
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runWorker } from '../support/child-process.ts';
import { startBenchDatabase } from '../support/database-handle.ts';
import type { CorpusFigures } from '../support/seed-corpus.ts';
import { pipelineApproach } from './approaches.ts';

const { values } = parseArgs({
  options: {
    'snapshot-dir': { type: 'string' },
    leads: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '4' },
    beside: { type: 'string' },
    seed: { type: 'string', default: '20261128' },
  },
});
const snapshotRoot = values['snapshot-dir'];
if (snapshotRoot === undefined) throw new Error('--snapshot-dir is required (the one given to bench/run.ts)');
const leads = Number(values.leads);
const runs = Number(values.runs);
// The reference time of bench/run.ts: the snapshots were seeded for it.
const benchNow = new Date('2026-11-28T02:00:00.000Z');

const snapshotDirectory = (count: string): string => join(snapshotRoot as string, `seed-${values.seed}-leads-${count}`);

/** The data files of the seeded snapshot of `count` leads. */
function snapshotFiles(count: string): string {
  const directory = join(snapshotDirectory(count), 'data', 'bench');
  if (!existsSync(directory)) throw new Error(`no snapshot at ${directory}: seed it with bench/run.ts first`);
  return directory;
}

const corpus = (
  JSON.parse(readFileSync(join(snapshotDirectory(String(leads)), 'manifest.json'), 'utf8')) as { corpus: CorpusFigures }
).corpus;

/** Hard links to a snapshot's files, as database `name` of the server's data directory. */
function linkDatabase(source: string, dataDir: string, name: string): void {
  const target = join(dataDir, name);
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(source)) linkSync(join(source, file), join(target, file));
}

const workDirectory = mkdtempSync(join(tmpdir(), 'warm-runs-'));
try {
  const dataDir = join(workDirectory, 'data');
  for (let run = 0; run < runs; run++) linkDatabase(snapshotFiles(String(leads)), dataDir, `run${String(run)}`);
  if (values.beside !== undefined) linkDatabase(snapshotFiles(values.beside), dataDir, 'beside');
  const database = await startBenchDatabase(dataDir, corpus);
  try {
    const spec = pipelineApproach(benchNow, 1000, 1, false);
    for (let run = 0; run < runs; run++) {
      const scratchDirectory = join(workDirectory, `scratch-${String(run)}`);
      mkdirSync(scratchDirectory, { recursive: true });
      const place = {
        uri: database.directUri,
        directUri: database.directUri,
        database: `run${String(run)}`,
        scratchDirectory,
      };
      const before = await database.stats();
      await runWorker(spec.script, [JSON.stringify(spec.config(place))]);
      const after = await database.stats();
      const cpuMs = (after.serverCpuMs ?? 0) - (before.serverCpuMs ?? 0);
      process.stdout.write(
        `run ${String(run + 1)}: server CPU ${(cpuMs / 1000).toFixed(2)} s, ${(cpuMs / leads).toFixed(3)} ms per lead ` +
          `(load ${(loadavg()[0] ?? 0).toFixed(1)})\n`,
      );
    }
  } finally {
    await database.close();
  }
} finally {
  rmSync(workDirectory, { recursive: true, force: true });
}

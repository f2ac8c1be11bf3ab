import { parseArgs } from 'node:util';

export const partNames = ['daily', 'weekly', 'sweep', 'compression', 'bundles'] as const;
export type PartName = (typeof partNames)[number];

export interface BenchOptions {
  readonly parts: readonly PartName[];
  /** Lead counts of the daily comparison. */
  readonly leads: readonly number[];
  readonly naiveMaxLeads: number;
  readonly concurrentMaxLeads: number;
  readonly concurrency: number;
  /** Runs of the sequential pipeline at each daily size: the server CPU per lead is their median. */
  readonly pipelineRuns: number;
  readonly batchSizes: readonly number[];
  readonly sweepLeads: number;
  readonly codecLeads: number;
  readonly weeklyLeads: number;
  readonly codecRuns: number;
  readonly importRuns: number;
  readonly seed: number;
  /** Keep seeded snapshots here and reuse them across invocations (default: a temporary directory, removed). */
  readonly snapshotDirectory: string | null;
  /**
   * Run against this MongoDB instead of the embedded server: every run seeds a database of its own name
   * (`lead_session_bench_<random>`) and drops it afterwards.
   */
  readonly mongodbUri: string | null;
  /**
   * Leads of the warm-up databases: before each measured run on the embedded server, the same server process runs
   * the same job on them, unmeasured, `warmUpRuns` times (0: measure cold server processes). A real MongoDB is warm
   * already.
   */
  readonly warmUpLeads: number;
  /**
   * Warm-up runs before each measured run, each on a fresh copy of the warm-up database: code that runs once per run
   * (the Plan and Finalize steps, the first command of a kind) is only compiled after a run or two.
   */
  readonly warmUpRuns: number;
}

export const usage = `Usage: npx node bench/run.ts [options]

  --only <parts>            comma-separated: ${partNames.join(', ')} (default: all)
  --leads <n,...>           lead counts of the daily comparison (default 10000,100000)
  --naive-max-leads <n>     run the straightforward approach only up to this many leads (default 10000)
  --concurrent-max-leads <n>  repeat the pipeline with concurrency only up to this many leads (default 10000)
  --concurrency <n>         batches at a time in the concurrent pipeline run (default 4)
  --pipeline-runs <n>       runs of the sequential pipeline at each daily size, the repeats in rounds across the
                            sizes; the tables show the first, the server CPU per lead target takes the median of
                            all (default 1)
  --batch-sizes <n,...>     batch sizes of the sweep (default 100,500,1000,2000)
  --sweep-leads <n>         leads of the sweep (default 10000)
  --codec-leads <n>         leads whose history payloads the codec table compresses (default 300)
  --weekly-leads <n>        leads of the weekly job (default 10000)
  --codec-runs <n>          runs per codec, the median is reported (default 3)
  --import-runs <n>         cold imports per bundle, the median is reported (default 5)
  --seed <n>                generator seed (default 20261128)
  --snapshot-dir <dir>      keep and reuse seeded databases there (default: temporary, removed at the end)
  --warm-up-leads <n>       before each measured run, the embedded server runs the same job, unmeasured, on a
                            database of n generated leads of its own, so that its figures leave out the server
                            process's warm-up (compiling, heap growth: ~1-1.5 s of CPU); 0: cold (default 3000)
  --warm-up-runs <n>        how many times, each on a fresh copy of those leads (default 2)
  --mongodb-uri <uri>       run against this MongoDB instead of the embedded server: each run seeds a database
                            lead_session_bench_<random> and drops it afterwards; what cannot be measured there
                            (server CPU, document bytes rewritten) is reported as n/a
  --help`;

function wholeNumber(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`--${name} must be a whole number from ${String(min)} to ${String(max)}, got "${text}"`);
  }
  return value;
}

const list = (name: string, text: string, min: number, max: number): number[] =>
  text.split(',').map((item) => wholeNumber(name, item.trim(), min, max));

function parts(text: string | undefined): PartName[] {
  if (text === undefined) return [...partNames];
  return text.split(',').map((part) => {
    const name = part.trim();
    if (!(partNames as readonly string[]).includes(name)) {
      throw new RangeError(`--only: "${name}" is not one of ${partNames.join(', ')}`);
    }
    return name as PartName;
  });
}

function mongodbUri(text: string | undefined): string | null {
  if (text === undefined) return null;
  if (!/^mongodb(\+srv)?:\/\/[^/?]+/.test(text)) {
    throw new RangeError('--mongodb-uri must be a connection string such as mongodb://host:27017, got another value');
  }
  return text;
}

/** Parses the command line; throws RangeError naming the bad flag. Returns null for --help. */
export function parseBenchOptions(args: readonly string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      only: { type: 'string' },
      leads: { type: 'string', default: '10000,100000' },
      'naive-max-leads': { type: 'string', default: '10000' },
      'concurrent-max-leads': { type: 'string', default: '10000' },
      concurrency: { type: 'string', default: '4' },
      'pipeline-runs': { type: 'string', default: '1' },
      'batch-sizes': { type: 'string', default: '100,500,1000,2000' },
      'sweep-leads': { type: 'string', default: '10000' },
      'codec-leads': { type: 'string', default: '300' },
      'weekly-leads': { type: 'string', default: '10000' },
      'codec-runs': { type: 'string', default: '3' },
      'import-runs': { type: 'string', default: '5' },
      seed: { type: 'string', default: '20261128' },
      'snapshot-dir': { type: 'string' },
      'mongodb-uri': { type: 'string' },
      'warm-up-leads': { type: 'string', default: '3000' },
      'warm-up-runs': { type: 'string', default: '2' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return null;
  const leadLimit = 1_000_000;
  return {
    parts: parts(values.only),
    leads: list('leads', values.leads, 1, leadLimit),
    naiveMaxLeads: wholeNumber('naive-max-leads', values['naive-max-leads'], 0, leadLimit),
    concurrentMaxLeads: wholeNumber('concurrent-max-leads', values['concurrent-max-leads'], 0, leadLimit),
    concurrency: wholeNumber('concurrency', values.concurrency, 1, 40),
    pipelineRuns: wholeNumber('pipeline-runs', values['pipeline-runs'], 1, 9),
    batchSizes: list('batch-sizes', values['batch-sizes'], 10, 10_000),
    sweepLeads: wholeNumber('sweep-leads', values['sweep-leads'], 1, leadLimit),
    codecLeads: wholeNumber('codec-leads', values['codec-leads'], 1, 100_000),
    weeklyLeads: wholeNumber('weekly-leads', values['weekly-leads'], 1, leadLimit),
    codecRuns: wholeNumber('codec-runs', values['codec-runs'], 1, 15),
    importRuns: wholeNumber('import-runs', values['import-runs'], 1, 25),
    seed: wholeNumber('seed', values.seed, 0, 2 ** 31),
    snapshotDirectory: values['snapshot-dir'] ?? null,
    mongodbUri: mongodbUri(values['mongodb-uri']),
    warmUpLeads: wholeNumber('warm-up-leads', values['warm-up-leads'], 0, 100_000),
    warmUpRuns: wholeNumber('warm-up-runs', values['warm-up-runs'], 1, 5),
  };
}

import { availableParallelism } from 'node:os';
import { countAt } from '#shared/jobs/counters.ts';
import { removalReasons } from '#shared/core/daily-plan.ts';
import { count, mebibytesFromKiB, ratio, seconds } from '../support/format.ts';
import type { BenchDatabases } from '../support/run-databases.ts';
import type { CorpusFigures } from '../support/seed-corpus.ts';
import { printTable, type Table } from '../support/table.ts';
import { targetsTable, type TargetVerdict } from '../support/targets.ts';
import { naiveApproach, pipelineApproach } from './approaches.ts';
import { compareEndStates, sameEndState, type EndStateComparison } from './end-state.ts';
import type { PipelineDetails } from './pipeline-worker.ts';
import { median, serverCpuRuns, writeShapeTargets } from './write-shape-targets.ts';
import { runApproach, type ApproachRun } from './run-approach.ts';
import {
  costHeader,
  costNotes,
  costRow,
  loadNote,
  ratioRow,
  removalsTable,
  timeTable,
  type CountedRun,
} from './run-tables.ts';

export interface DailyPartOptions {
  readonly leadCounts: readonly number[];
  /** The straightforward approach runs only up to this many leads (it holds whole scans in memory). */
  readonly naiveMaxLeads: number;
  /** The concurrent pipeline run is repeated only up to this many leads (its memory scales with concurrency). */
  readonly concurrentMaxLeads: number;
  readonly concurrency: number;
  /** Runs of the sequential pipeline at each size (the first measured in full, the others for server CPU). */
  readonly pipelineRuns: number;
  readonly batchSize: number;
  readonly now: Date;
  readonly workDirectory: string;
  readonly databases: BenchDatabases;
}

export interface DailySizeResult {
  readonly leads: number;
  /** When this size was measured (sizes can come from separate invocations: `--leads 10000`, `--leads 100000`). */
  readonly measuredAt: string;
  /**
   * When the invocation that measured this size started: sizes with the same one were measured together, on one
   * machine in one state (absent in results recorded before it existed).
   */
  readonly invocation?: string;
  /** Where the runs happened (support/run-databases.ts `target`). */
  readonly target: string;
  readonly corpus: CorpusFigures;
  readonly pipeline: ApproachRun<PipelineDetails>;
  /**
   * Server CPU (ms) of every run of the sequential pipeline, `pipeline` first (--pipeline-runs); absent in results
   * recorded before it existed.
   */
  readonly pipelineServerCpuMs?: readonly (number | null)[];
  readonly pipelineConcurrent: ApproachRun<PipelineDetails> | null;
  readonly naive: CountedRun | null;
  readonly naiveSkipped: string | null;
  readonly concurrentVersusSequential: EndStateComparison | null;
  readonly naiveVersusPipeline: EndStateComparison | null;
}

const notArchivable = (run: CountedRun): number =>
  removalReasons.reduce((sum, reason) => sum + countAt(run.measurement.details.counts, ['notArchivable', reason]), 0);

function compare(expected: CountedRun, actual: CountedRun): EndStateComparison {
  if (expected.endStateFile === null || actual.endStateFile === null) throw new Error('end state not recorded');
  return compareEndStates(expected.endStateFile, actual.endStateFile);
}

/** A progress line of one daily size. */
const logSize = (leads: number, text: string): void => void process.stdout.write(`  [daily ${count(leads)}] ${text}\n`);

async function measureSize(leads: number, options: DailyPartOptions, invocation: string): Promise<DailySizeResult> {
  const log = (text: string): void => logSize(leads, text);
  log('pipeline, sequential...');
  const pipeline = await runApproach<PipelineDetails>(
    options.databases,
    leads,
    options.workDirectory,
    pipelineApproach(options.now, options.batchSize, 1),
  );
  let pipelineConcurrent: ApproachRun<PipelineDetails> | null = null;
  if (leads <= options.concurrentMaxLeads) {
    log(`pipeline, ${String(options.concurrency)} at a time...`);
    pipelineConcurrent = await runApproach<PipelineDetails>(
      options.databases,
      leads,
      options.workDirectory,
      pipelineApproach(options.now, options.batchSize, options.concurrency),
    );
  }
  let naive: CountedRun | null = null;
  let naiveSkipped: string | null = null;
  if (leads <= options.naiveMaxLeads) {
    log('straightforward approach...');
    try {
      naive = await runApproach(options.databases, leads, options.workDirectory, naiveApproach(options.now));
    } catch (error) {
      // Above 10,000 leads it is expected to run out of memory: that is a result, not a reason to stop.
      naiveSkipped = `failed: ${((error as Error).message.split('\n')[0] ?? '').slice(0, 300)}`;
      log(naiveSkipped);
    }
  } else {
    naiveSkipped = `not run above --naive-max-leads ${String(options.naiveMaxLeads)}`;
  }
  return {
    leads,
    measuredAt: new Date().toISOString(),
    invocation,
    target: options.databases.target,
    corpus: pipeline.corpus,
    pipeline,
    pipelineServerCpuMs: [pipeline.serverCpuMs],
    pipelineConcurrent,
    naive,
    naiveSkipped,
    concurrentVersusSequential: pipelineConcurrent === null ? null : compare(pipeline, pipelineConcurrent),
    naiveVersusPipeline: naive === null ? null : compare(pipeline, naive),
  };
}

function endStateLine(name: string, comparison: EndStateComparison | null): string {
  if (comparison === null) return `${name}: not compared`;
  const { leads, sessionMismatches, actualRemovedMore, byteMismatches } = comparison;
  return (
    `${name}: ${count(leads)} leads, ${count(sessionMismatches)} differ in session ids/pointers/__v ` +
    `(${count(actualRemovedMore)} of them: the other side removed more), ${count(byteMismatches)} differ in any stored byte`
  );
}

function sizeTables(result: DailySizeResult): Table[] {
  const runs = [
    result.pipeline,
    ...(result.pipelineConcurrent ? [result.pipelineConcurrent] : []),
    ...(result.naive ? [result.naive] : []),
  ];
  const rows = runs.map((run) => costRow(run));
  if (result.naive) rows.push(ratioRow('ratio straightforward / pipeline (sequential)', result.naive, result.pipeline));
  const corpus = result.corpus;
  return [
    {
      title: `Daily job, ${count(result.leads)} generated leads (${count(corpus.leadsWithSessions)} with sessions, ${(corpus.bsonBytes / 1e6).toFixed(0)} MB of BSON)`,
      header: costHeader,
      rows,
      notes: [
        ...costNotes,
        loadNote(runs, availableParallelism()),
        ...(result.naiveSkipped ? [`straightforward approach: ${result.naiveSkipped}`] : []),
      ],
    },
    timeTable(`Daily job, ${count(result.leads)} leads: where the wall time goes`, runs),
    {
      ...removalsTable(`Daily job, ${count(result.leads)} leads: what each approach removed`, runs),
      notes: [
        endStateLine('end state, concurrent vs sequential pipeline', result.concurrentVersusSequential),
        endStateLine('end state, straightforward vs pipeline', result.naiveVersusPipeline),
      ],
    },
  ];
}

const removedSessions = (run: CountedRun): number =>
  removalReasons.reduce((sum, reason) => sum + countAt(run.measurement.details.counts, ['sessionsRemoved', reason]), 0);

/**
 * The approaches must agree: the same stored session fields in every lead (byte for byte, one digest over all
 * leads), and the same removals by reason. Concurrency must change nothing either.
 */
function endStateVerdicts(result: DailySizeResult): TargetVerdict[] {
  const leads = count(result.leads);
  const verdicts: TargetVerdict[] = [];
  const describe = (comparison: EndStateComparison): string =>
    `${count(comparison.leads - comparison.byteMismatches)} of ${count(comparison.leads)} leads identical byte for byte; ` +
    `digest ${comparison.actualDigest.slice(0, 12)} vs ${comparison.expectedDigest.slice(0, 12)}`;
  for (const run of [result.pipeline, result.pipelineConcurrent]) {
    if (run === null) continue;
    verdicts.push({
      target: `${run.label}: run completed, every batch done (${leads} leads)`,
      measured: `${run.measurement.details.status}, ${count(run.measurement.details.batches)} batches`,
      met: run.measurement.details.status === 'COMPLETED',
      mustHold: true,
    });
  }
  const concurrent = result.concurrentVersusSequential;
  if (concurrent !== null && result.pipelineConcurrent !== null) {
    verdicts.push({
      target: `same end state, concurrent vs sequential pipeline (${leads} leads)`,
      measured: describe(concurrent),
      met: sameEndState(concurrent) && sameRemovals(result.pipeline, result.pipelineConcurrent),
      mustHold: true,
    });
  }
  const comparison = result.naiveVersusPipeline;
  if (comparison === null || result.naive === null) return verdicts;
  const extraSessions = removedSessions(result.naive) - removedSessions(result.pipeline);
  const gaps = notArchivable(result.pipeline);
  verdicts.push({
    target: `same end state, straightforward vs pipeline (${leads} leads)`,
    measured: describe(comparison),
    met:
      sameEndState(comparison) && sameRemovals(result.pipeline, result.naive) && removedSessions(result.pipeline) > 0,
    mustHold: true,
    note:
      comparison.sessionMismatches === 0
        ? `${count(removedSessions(result.pipeline))} sessions removed by each`
        : `${count(comparison.sessionMismatches)} leads differ; the straightforward approach removed ${count(extraSessions)} sessions more, ` +
          `the pipeline kept ${count(gaps)} removals as not archivable`,
  });
  return verdicts;
}

/** The same sessions and entries removed, reason by reason. */
function sameRemovals(left: CountedRun, right: CountedRun): boolean {
  return removalReasons.every(
    (reason) =>
      countAt(left.measurement.details.counts, ['sessionsRemoved', reason]) ===
        countAt(right.measurement.details.counts, ['sessionsRemoved', reason]) &&
      countAt(left.measurement.details.counts, ['entriesRemoved', reason]) ===
        countAt(right.measurement.details.counts, ['entriesRemoved', reason]),
  );
}

/** The targets for the daily job, from the sizes measured in this run. */
export function dailyTargets(results: readonly DailySizeResult[]): TargetVerdict[] {
  const at = (leads: number) => results.find((result) => result.leads === leads);
  const small = at(10_000);
  const large = at(100_000);
  const verdicts: TargetVerdict[] = [];
  const naive = small?.naive;
  if (small && naive) {
    const commandRatio = naive.measurement.totalCommands / small.pipeline.measurement.totalCommands;
    const wallRatio = naive.measurement.wallMs / small.pipeline.measurement.wallMs;
    verdicts.push(
      { target: '>= 50x fewer commands at 10,000 leads', measured: ratio(commandRatio, 1), met: commandRatio >= 50 },
      {
        target: '>= 10x less wall time at 10,000 leads',
        measured: ratio(wallRatio, 1, 2),
        met: wallRatio >= 10,
        note: "issue 7's target; issue 11 set <= 1/3 of the wall (below)",
      },
    );
  } else {
    verdicts.push({ target: 'commands and wall time at 10,000 leads', measured: 'not run', met: null });
  }
  const pairs = [
    ['sequential', small?.pipeline ?? null, large?.pipeline ?? null],
    ['concurrent', small?.pipelineConcurrent ?? null, large?.pipelineConcurrent ?? null],
  ] as const;
  for (const [label, smallRun, largeRun] of pairs) {
    if (smallRun === null || largeRun === null) {
      if (label === 'sequential') {
        verdicts.push({ target: 'pipeline peak RSS at 100,000 <= 1.25x at 10,000', measured: 'not run', met: null });
      }
      continue;
    }
    const growth = largeRun.measurement.peakRssKiB / smallRun.measurement.peakRssKiB;
    verdicts.push({
      target: `pipeline peak RSS at 100,000 <= 1.25x at 10,000 (${label})`,
      measured: `${mebibytesFromKiB(largeRun.measurement.peakRssKiB)} / ${mebibytesFromKiB(smallRun.measurement.peakRssKiB)} MiB = ${growth.toFixed(2)}x`,
      met: growth <= 1.25,
    });
  }
  verdicts.push(...writeShapeTargets(results));
  for (const result of results) verdicts.push(...endStateVerdicts(result));
  return verdicts;
}

/**
 * The sequential pipeline again at every size, `options.pipelineRuns - 1` more times, for the server CPU per lead:
 * in rounds across the sizes (1,000, 10,000, 100,000, then again), not size after size, so that a slower spell of
 * the machine (its speed moved by tens of percent within one night) weighs on every size alike instead of on one.
 */
async function repeatPipelineRuns(
  firsts: readonly DailySizeResult[],
  options: DailyPartOptions,
): Promise<DailySizeResult[]> {
  if (options.pipelineRuns < 2) return [...firsts];
  const runs = new Map(firsts.map((result) => [result.leads, [...serverCpuRuns(result)]]));
  const loads: number[] = [];
  for (let round = 2; round <= options.pipelineRuns; round += 1) {
    for (const { leads } of firsts) {
      logSize(
        leads,
        `pipeline, sequential, run ${String(round)} of ${String(options.pipelineRuns)} (server CPU only)...`,
      );
      const again = await runApproach<PipelineDetails>(
        options.databases,
        leads,
        options.workDirectory,
        pipelineApproach(options.now, options.batchSize, 1, false),
      );
      runs.get(leads)?.push(again.serverCpuMs);
      loads.push(again.loadAverage.start, again.loadAverage.end);
    }
  }
  const repeated = firsts.map((result) => ({ ...result, pipelineServerCpuMs: runs.get(result.leads) ?? [] }));
  printTable(serverCpuTable(repeated, loads));
  return repeated;
}

/** Every sequential pipeline run's server CPU, by size: the figures the flatness target takes its medians from. */
export function serverCpuTable(results: readonly DailySizeResult[], loads: readonly number[]): Table {
  const runCount = Math.max(...results.map((result) => serverCpuRuns(result).length));
  const secondsOf = (ms: number | null | undefined): string => (ms === null || ms === undefined ? 'n/a' : seconds(ms));
  return {
    title: 'Daily job: server CPU of the sequential pipeline, run by run',
    header: [
      'leads',
      ...Array.from({ length: runCount }, (_, index) => `run ${String(index + 1)} s`),
      'median s',
      'median ms per lead',
      'median ms per MB of BSON',
    ],
    rows: results.map((result) => {
      const runs = serverCpuRuns(result);
      const middle = median(runs);
      return [
        count(result.leads),
        ...Array.from({ length: runCount }, (_, index) => secondsOf(runs[index])),
        secondsOf(middle),
        middle === null ? 'n/a' : (middle / result.leads).toFixed(3),
        middle === null ? 'n/a' : (middle / (result.corpus.bsonBytes / 1e6)).toFixed(2),
      ];
    }),
    notes: [
      "run 1 is the run of the tables above; the others ran in rounds across the sizes, so that the machine's slower",
      `spells weigh on every size alike. Machine load during the rounds (1-min average): ${loadRange(loads)} on ${String(availableParallelism())} cores.`,
      "per MB of BSON: the median over the BSON bytes of the size's leads, a measure of the work that does not depend",
      'on how heavy the leads of one sample happen to be (the flatness target itself is per lead).',
    ],
  };
}

const loadRange = (loads: readonly number[]): string =>
  loads.length === 0 ? 'n/a' : `${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`;

/**
 * Measures every size of `options.leadCounts`; sizes that `earlier` returns once they are measured (another
 * invocation's, on the same corpus) and that were not measured again are kept, so that targets comparing two sizes can use runs made by separate invocations.
 */
export async function runDailyPart(
  options: DailyPartOptions,
  earlier: () => readonly DailySizeResult[] = () => [],
): Promise<{ results: DailySizeResult[]; targets: TargetVerdict[] }> {
  const firsts: DailySizeResult[] = [];
  const invocation = new Date().toISOString();
  for (const leads of options.leadCounts) {
    const result = await measureSize(leads, options, invocation);
    firsts.push(result);
    for (const table of sizeTables(result)) printTable(table);
  }
  const measured = await repeatPipelineRuns(firsts, options);
  const kept = earlier().filter((result) => !options.leadCounts.includes(result.leads));
  for (const result of kept) {
    process.stdout.write(`  kept the ${count(result.leads)}-lead results measured at ${result.measuredAt}\n`);
  }
  const results = [...kept, ...measured].sort((a, b) => a.leads - b.leads);
  const targets = dailyTargets(results);
  printTable(targetsTable('Daily job: targets', targets));
  return { results, targets };
}

import { count, mebibytesFromKiB, megabytes, seconds } from '../support/format.ts';
import type { Snapshot } from '../support/snapshots.ts';
import { printTable } from '../support/table.ts';
import { targetsTable, type TargetVerdict } from '../support/targets.ts';
import { pipelineApproach } from './approaches.ts';
import { compareEndStates, sameEndState, type EndStateComparison } from './end-state.ts';
import type { PipelineDetails } from './pipeline-worker.ts';
import { runApproach, type ApproachRun } from './run-approach.ts';

export interface SweepOptions {
  readonly leads: number;
  readonly batchSizes: readonly number[];
  readonly now: Date;
  readonly workDirectory: string;
  readonly snapshot: (leads: number) => Promise<Snapshot>;
}

export interface SweepResult {
  readonly batchSize: number;
  readonly batches: number;
  readonly run: ApproachRun<PipelineDetails>;
  /** End state against the first batch size of the sweep. */
  readonly versusFirst: EndStateComparison | null;
}

/** The daily pipeline at several batch sizes on the same leads, sequential, to see what the batch size trades. */
export async function runSweepPart(options: SweepOptions): Promise<{ runs: SweepResult[]; targets: TargetVerdict[] }> {
  const snapshot = await options.snapshot(options.leads);
  const results: SweepResult[] = [];
  for (const batchSize of options.batchSizes) {
    process.stdout.write(`  [sweep ${count(options.leads)}] batches of ${String(batchSize)}...\n`);
    const run = await runApproach<PipelineDetails>(
      snapshot,
      options.workDirectory,
      pipelineApproach(options.now, batchSize, 1),
    );
    const first = results[0]?.run.endStateFile;
    results.push({
      batchSize,
      batches: run.measurement.details.batches,
      run,
      versusFirst: first && run.endStateFile ? compareEndStates(first, run.endStateFile) : null,
    });
  }
  printTable({
    title: `Batch size sweep, daily pipeline, ${count(options.leads)} leads, sequential`,
    header: [
      'batch size',
      'batches',
      'commands',
      'write statements',
      'to server MB',
      'from server MB',
      'wall s',
      'ms per batch',
      'peak RSS MiB',
      'peak heap MiB',
      'worker CPU s',
      'server CPU s',
      'end state vs first',
    ],
    rows: results.map(({ batchSize, batches, run, versusFirst }) => [
      count(batchSize),
      count(batches),
      count(run.measurement.totalCommands),
      count(run.measurement.writeStatements),
      megabytes(run.wire.toServer),
      megabytes(run.wire.fromServer),
      seconds(run.measurement.wallMs),
      (run.measurement.wallMs / Math.max(1, batches)).toFixed(0),
      mebibytesFromKiB(run.measurement.peakRssKiB),
      (run.measurement.peakHeapUsedBytes / 2 ** 20).toFixed(0),
      seconds(run.measurement.cpuMs),
      seconds(run.serverCpuMs),
      versusFirst === null
        ? '-'
        : sameEndState(versusFirst)
          ? 'identical'
          : `${count(versusFirst.byteMismatches)} leads differ`,
    ]),
  });
  const targets: TargetVerdict[] = results.map(({ batchSize, batches, run, versusFirst }) => ({
    target: `batches of ${count(batchSize)}: run completed${versusFirst === null ? '' : ', same end state as the first size'}`,
    measured: `${run.measurement.details.status}, ${count(batches)} batches${
      versusFirst === null
        ? ''
        : `, digest ${versusFirst.actualDigest.slice(0, 12)} vs ${versusFirst.expectedDigest.slice(0, 12)}`
    }`,
    met: run.measurement.details.status === 'COMPLETED' && (versusFirst === null || sameEndState(versusFirst)),
    mustHold: true,
  }));
  printTable(targetsTable('Batch size sweep: checks', targets));
  return { runs: results, targets };
}

import { availableParallelism } from 'node:os';
import { count } from '../support/format.ts';
import type { BenchDatabases } from '../support/run-databases.ts';
import { printTable } from '../support/table.ts';
import { targetsTable, type TargetVerdict } from '../support/targets.ts';
import { pipelineApproach } from './approaches.ts';
import { compareEndStates, sameEndState, type EndStateComparison } from './end-state.ts';
import type { PipelineDetails } from './pipeline-worker.ts';
import { runApproach, type ApproachRun } from './run-approach.ts';
import { costHeader, costNotes, costRow, loadNote } from './run-tables.ts';

export interface SweepOptions {
  readonly leads: number;
  readonly batchSizes: readonly number[];
  readonly now: Date;
  readonly workDirectory: string;
  readonly databases: BenchDatabases;
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
  const results: SweepResult[] = [];
  for (const batchSize of options.batchSizes) {
    process.stdout.write(`  [sweep ${count(options.leads)}] batches of ${String(batchSize)}...\n`);
    const run = await runApproach<PipelineDetails>(
      options.databases,
      options.leads,
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
    header: ['batch size', 'batches', 'ms per batch', ...costHeader.slice(1, -1), 'end state vs first'],
    rows: results.map(({ batchSize, batches, run, versusFirst }) => [
      count(batchSize),
      count(batches),
      (run.measurement.wallMs / Math.max(1, batches)).toFixed(0),
      ...costRow(run).slice(1, -1),
      versusFirst === null
        ? '-'
        : sameEndState(versusFirst)
          ? 'identical'
          : `${count(versusFirst.byteMismatches)} leads differ`,
    ]),
    notes: [
      ...costNotes,
      loadNote(
        results.map(({ run }) => run),
        availableParallelism(),
      ),
    ],
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

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { countAt } from '#shared/jobs/counters.ts';
import { defaultCodec } from '#shared/core/codec/index.ts';
import { summarizeHistory, type HistorySummary } from '../compression/history-sizes.ts';
import type { PipelineConfig, PipelineDetails } from '../daily/pipeline-worker.ts';
import { runApproach, type ApproachRun } from '../daily/run-approach.ts';
import { costHeader, costNotes, costRow, loadNote } from '../daily/run-tables.ts';
import { count, megabytes, ratio } from '../support/format.ts';
import type { BenchDatabases } from '../support/run-databases.ts';
import { printTable } from '../support/table.ts';
import { targetsTable, type TargetVerdict } from '../support/targets.ts';

export interface WeeklyPartOptions {
  readonly leads: number;
  readonly batchSize: number;
  readonly now: Date;
  readonly workDirectory: string;
  readonly databases: BenchDatabases;
}

export interface WeeklyResults {
  readonly run: ApproachRun<PipelineDetails>;
  /** Stored history entries before and after the run (sizes read outside what is measured). */
  readonly history: HistorySummary;
  readonly targets: readonly TargetVerdict[];
}

/** The weekly job as the state machine runs it (Plan, batches one after the other, Finalize) on fresh leads. */
async function runWeekly(
  options: WeeklyPartOptions,
): Promise<{ run: ApproachRun<PipelineDetails>; history: HistorySummary }> {
  const sizesFile = (moment: string): string => join(options.workDirectory, `history-sizes-${moment}.json`);
  const run = await runApproach<PipelineDetails>(options.databases, options.leads, options.workDirectory, {
    label: `weekly, batches of ${count(options.batchSize)}, sequential`,
    script: join(import.meta.dirname, '..', 'daily', 'pipeline-worker.ts'),
    endState: false,
    config: ({ uri, database, scratchDirectory }): PipelineConfig => ({
      job: 'weekly',
      concurrency: 1,
      uri,
      database,
      storeDirectory: scratchDirectory,
      now: options.now.toISOString(),
      batchSize: options.batchSize,
    }),
    inspect: (database, moment) => database.writeHistorySizes(sizesFile(moment)),
  });
  return { run, history: summarizeHistory(sizesFile('before'), sizesFile('after')) };
}

function printHistoryTable(run: ApproachRun<PipelineDetails>, history: HistorySummary): void {
  const counts = run.measurement.details.counts;
  const codecOriginal = countAt(counts, ['compressedOriginalBytes']);
  const codecStored = countAt(counts, ['compressedStoredBytes']);
  printTable({
    title: `Weekly run on ${count(run.leads)} generated leads (default codec ${defaultCodec.codec} ${String(defaultCodec.level)}): stored history sessions`,
    header: ['measure', 'before', 'after', 'ratio'],
    rows: [
      ['all history entries (count)', count(history.entriesBefore), count(history.entriesAfter), ''],
      [
        'all history entries (MB of BSON)',
        megabytes(history.bytesBefore),
        megabytes(history.bytesAfter),
        ratio(history.bytesBefore, history.bytesAfter, 2),
      ],
      [
        'compressed entries, whole entry (MB)',
        megabytes(history.compressedBytesBefore),
        megabytes(history.compressedBytesAfter),
        ratio(history.compressedBytesBefore, history.compressedBytesAfter, 2),
      ],
      [
        'compressed entries, payload vs blob (MB)',
        megabytes(codecOriginal),
        megabytes(codecStored),
        ratio(codecOriginal, codecStored, 2),
      ],
    ],
    notes: [
      `${count(history.compressedEntries)} entries compressed, ${count(history.entriesRemoved)} repeated entries removed; ` +
        `skipped: ${JSON.stringify(counts.skipped ?? {})}`,
    ],
  });
}

/** `--only weekly`: the weekly job's cost (the same columns as the daily tables) and what it did to the history. */
export async function runWeeklyPart(options: WeeklyPartOptions): Promise<WeeklyResults> {
  process.stdout.write(`  [weekly ${count(options.leads)}] pipeline, sequential...\n`);
  const { run, history } = await runWeekly(options);
  printTable({
    title: `Weekly job, ${count(options.leads)} generated leads (${count(run.corpus.leadsWithSessions)} with sessions, ${(run.corpus.bsonBytes / 1e6).toFixed(0)} MB of BSON)`,
    header: costHeader,
    rows: [costRow(run)],
    notes: [
      ...costNotes,
      'The weekly job changes history entries in place: a real MongoDB logs only the changed elements, so its',
      'changed-array MB is an upper bound of the oplog bytes there (exact for $pull).',
      loadNote([run], availableParallelism()),
    ],
  });
  printHistoryTable(run, history);
  const entryRatio = history.compressedBytesBefore / history.compressedBytesAfter;
  const targets: TargetVerdict[] = [
    {
      target: `weekly run completed, every batch done (${count(options.leads)} leads)`,
      measured: `${run.measurement.details.status}, ${count(run.measurement.details.batches)} batches`,
      met: run.measurement.details.status === 'COMPLETED',
      mustHold: true,
    },
    {
      target: 'compressed history sessions >= 3x smaller (whole entries, stored BSON)',
      measured: ratio(entryRatio, 1, 2),
      met: entryRatio >= 3,
    },
  ];
  printTable(targetsTable('Weekly job: targets', targets));
  return { run, history, targets };
}

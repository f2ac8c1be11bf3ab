import { join } from 'node:path';
import { countAt } from '#shared/jobs/counters.ts';
import { defaultCodec } from '#shared/core/codec/index.ts';
import { runWorker } from '../support/child-process.ts';
import { count, megabytes, ratio, seconds } from '../support/format.ts';
import type { Snapshot } from '../support/snapshots.ts';
import { printTable } from '../support/table.ts';
import { targetsTable, type TargetVerdict } from '../support/targets.ts';
import { runApproach, type ApproachRun } from '../daily/run-approach.ts';
import type { CodecConfig, CodecResults } from './codec-worker.ts';
import { summarizeHistory, type HistorySummary } from './history-sizes.ts';
import type { PipelineConfig, PipelineDetails } from '../daily/pipeline-worker.ts';

export interface CompressionOptions {
  readonly seed: number;
  readonly codecLeads: number;
  readonly weeklyLeads: number;
  readonly runs: number;
  readonly now: Date;
  readonly workDirectory: string;
  readonly snapshot: (leads: number) => Promise<Snapshot>;
}

export interface CompressionResults {
  readonly codecs: CodecResults;
  readonly weekly: ApproachRun<PipelineDetails>;
  readonly history: HistorySummary;
  readonly targets: readonly TargetVerdict[];
}

function printCodecTable(codecs: CodecResults, leads: number): void {
  printTable({
    title: `Codecs on the history payloads of ${count(leads)} generated leads (${count(codecs.payloads)} payloads, ${megabytes(codecs.payloadBytes)} MB of BSON)`,
    header: [
      'codec',
      'level',
      'original MB',
      'stored MB',
      'ratio',
      'compress MB/s',
      'inflate MB/s',
      'compress MB/s wall',
      'inflate MB/s wall',
      'default',
    ],
    rows: codecs.measurements.map((m) => [
      m.codec,
      String(m.level),
      megabytes(m.originalBytes),
      megabytes(m.storedBytes),
      ratio(m.ratio, 1, 2),
      m.compressMBps.toFixed(1),
      m.inflateMBps.toFixed(1),
      m.compressWallMBps.toFixed(1),
      m.inflateWallMBps.toFixed(1),
      m.codec === defaultCodec.codec && m.level === defaultCodec.level ? 'yes' : '',
    ]),
    notes: [
      'MB = 10^6 bytes of uncompressed BSON payload; compress = compressPayload (BSON + codec + SHA-256),',
      'inflate = inflatePayload (codec + SHA-256 + BSON, exact types); MB/s per CPU second of the worker (median',
      'of the runs, one core), and per wall-clock second (stretched by whatever else the machine runs).',
    ],
  });
  printTable({
    title: 'Layouts the format does not support, same payloads (compressed bytes only, no checksum, one run)',
    header: ['layout', 'original MB', 'stored MB', 'ratio', 'compress MB/s (CPU)'],
    rows: codecs.alternatives.map((alternative) => [
      alternative.layout,
      megabytes(alternative.originalBytes),
      megabytes(alternative.storedBytes),
      ratio(alternative.ratio, 1, 2),
      alternative.compressMBps.toFixed(1),
    ]),
    notes: ['The dictionary is cut from the first leads, which are left out of these rows (so their totals differ).'],
  });
}

async function runWeekly(
  options: CompressionOptions,
): Promise<{ run: ApproachRun<PipelineDetails>; history: HistorySummary }> {
  const snapshot = await options.snapshot(options.weeklyLeads);
  const sizesFile = (moment: string): string => join(options.workDirectory, `history-sizes-${moment}.json`);
  const run = await runApproach<PipelineDetails>(snapshot, options.workDirectory, {
    label: 'weekly, batches of 1,000, sequential',
    script: join(import.meta.dirname, '..', 'daily', 'pipeline-worker.ts'),
    endState: false,
    config: ({ uri, database, scratchDirectory }): PipelineConfig => ({
      job: 'weekly',
      concurrency: 1,
      uri,
      database,
      storeDirectory: scratchDirectory,
      now: options.now.toISOString(),
      batchSize: 1000,
    }),
    inspect: (database, moment) => database.writeHistorySizes('bench', sizesFile(moment)),
  });
  return { run, history: summarizeHistory(sizesFile('before'), sizesFile('after')) };
}

function printWeeklyTable(run: ApproachRun<PipelineDetails>, history: HistorySummary): void {
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
      `wall ${seconds(run.measurement.wallMs)} s, ${count(run.measurement.totalCommands)} commands, ` +
        `${megabytes(run.wire.toServer)} MB to / ${megabytes(run.wire.fromServer)} MB from the server, ` +
        `worker CPU ${seconds(run.measurement.cpuMs)} s, server CPU ${seconds(run.serverCpuMs)} s`,
    ],
  });
}

export async function runCompressionPart(options: CompressionOptions): Promise<CompressionResults> {
  process.stdout.write(`  [codecs] ${count(options.codecLeads)} leads, ${String(options.runs)} runs per codec...\n`);
  const codecConfig: CodecConfig = {
    seed: options.seed,
    leads: options.codecLeads,
    now: options.now.toISOString(),
    runs: options.runs,
  };
  const codecs = await runWorker<CodecResults>(
    join(import.meta.dirname, 'codec-worker.ts'),
    [JSON.stringify(codecConfig)],
    { execArgv: ['--expose-gc'] },
  );
  printCodecTable(codecs, options.codecLeads);
  process.stdout.write(`  [weekly] ${count(options.weeklyLeads)} leads...\n`);
  const { run, history } = await runWeekly(options);
  printWeeklyTable(run, history);
  const entryRatio = history.compressedBytesBefore / history.compressedBytesAfter;
  const targets: TargetVerdict[] = [
    {
      target: 'compressed history sessions >= 3x smaller (whole entries, stored BSON)',
      measured: ratio(entryRatio, 1, 2),
      met: entryRatio >= 3,
    },
  ];
  printTable(targetsTable('Compression: target', targets));
  return { codecs, weekly: run, history, targets };
}

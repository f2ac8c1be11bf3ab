import { join } from 'node:path';
import { defaultCodec } from '#shared/core/codec/index.ts';
import { runWorker } from '../support/child-process.ts';
import { count, megabytes, ratio } from '../support/format.ts';
import { printTable } from '../support/table.ts';
import type { CodecConfig, CodecResults } from './codec-worker.ts';

/** The payload codecs on generated history payloads (the weekly job itself: weekly/weekly-part.ts). */
export interface CompressionOptions {
  readonly seed: number;
  readonly codecLeads: number;
  readonly runs: number;
  readonly now: Date;
}

export interface CompressionResults {
  readonly codecs: CodecResults;
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
  return { codecs };
}

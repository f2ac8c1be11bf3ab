import type { CountTree } from '#shared/jobs/counters.ts';
import { countAt } from '#shared/jobs/counters.ts';
import { removalReasons } from '#shared/core/daily-plan.ts';
import { count, mebibytesFromKiB, megabytes, ratio, seconds } from '../support/format.ts';
import type { Table } from '../support/table.ts';
import type { ApproachRun } from './run-approach.ts';

/** Any run whose worker reports the job's counters. */
export type CountedRun = ApproachRun<{ readonly counts: CountTree }>;

const breakdown = (commands: Readonly<Record<string, number>>): string =>
  Object.entries(commands)
    .sort((a, b) => b[1] - a[1])
    .map(([name, value]) => `${name} ${count(value)}`)
    .join(', ');

export const costHeader = [
  'approach',
  'commands',
  'write statements',
  'to server MB',
  'from server MB',
  'wall s',
  'peak RSS MiB',
  'peak heap MiB',
  'worker CPU s',
  'server CPU s',
  'commands by name',
] as const;

/** One row of the cost table: what the run cost the wire, the clock, the worker and the server. */
export function costRow(run: ApproachRun<unknown>, label = run.label): string[] {
  const m = run.measurement;
  return [
    label,
    count(m.totalCommands),
    count(m.writeStatements),
    megabytes(run.wire.toServer),
    megabytes(run.wire.fromServer),
    seconds(m.wallMs),
    mebibytesFromKiB(m.peakRssKiB),
    (m.peakHeapUsedBytes / 2 ** 20).toFixed(0),
    seconds(m.cpuMs),
    seconds(run.serverCpuMs),
    breakdown(m.commands),
  ];
}

/** naive / pipeline for every cost column. */
export function ratioRow(label: string, naive: ApproachRun<unknown>, pipeline: ApproachRun<unknown>): string[] {
  const a = naive.measurement;
  const b = pipeline.measurement;
  return [
    label,
    ratio(a.totalCommands, b.totalCommands),
    ratio(a.writeStatements, b.writeStatements, 2),
    ratio(naive.wire.toServer, pipeline.wire.toServer),
    ratio(naive.wire.fromServer, pipeline.wire.fromServer),
    ratio(a.wallMs, b.wallMs, 2),
    ratio(a.peakRssKiB, b.peakRssKiB, 2),
    ratio(a.peakHeapUsedBytes, b.peakHeapUsedBytes, 2),
    ratio(a.cpuMs, b.cpuMs, 2),
    ratio(naive.serverCpuMs, pipeline.serverCpuMs, 2),
    '',
  ];
}

/** What each approach removed, by reason: the same rules must remove the same sessions. */
export function removalsTable(title: string, runs: readonly CountedRun[]): Table {
  const header = [
    'approach',
    ...removalReasons.map((reason) => `sessions ${reason}`),
    'entries removed',
    'leads changed',
    'not archivable',
  ];
  const rows = runs.map((run) => {
    const counts = run.measurement.details.counts;
    const entries = removalReasons.reduce((sum, reason) => sum + countAt(counts, ['entriesRemoved', reason]), 0);
    const notArchivable = removalReasons.reduce((sum, reason) => sum + countAt(counts, ['notArchivable', reason]), 0);
    return [
      run.label,
      ...removalReasons.map((reason) => count(countAt(counts, ['sessionsRemoved', reason]))),
      count(entries),
      count(countAt(counts, ['leadsWithChanges'])),
      count(notArchivable),
    ];
  });
  return { title, header, rows };
}

/**
 * Where each run's wall time went: waiting for replies, by command (driver command monitoring, start to reply),
 * writing to the object store (the daily archive, the run report), and the rest (the worker's own work: decoding,
 * planning, encoding the archive).
 */
export function timeTable(title: string, runs: readonly ApproachRun<unknown>[]): Table {
  const rows = runs.map((run) => {
    const m = run.measurement;
    const inCommands = Object.values(m.commandMs).reduce((sum, ms) => sum + ms, 0);
    const details = m.details as { storePutMs?: number } | null;
    const storeMs = details?.storePutMs ?? 0;
    const byCommand = Object.entries(m.commandMs)
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => `${name} ${seconds(ms)}`)
      .join(', ');
    return [
      run.label,
      seconds(m.wallMs),
      seconds(inCommands),
      seconds(storeMs),
      seconds(Math.max(0, m.wallMs - inCommands - storeMs)),
      byCommand,
    ];
  });
  return {
    title,
    header: ['approach', 'wall s', 'awaiting replies s', 'object store s', 'rest s', 'awaiting replies by command (s)'],
    rows,
    notes: ['Concurrent runs await several replies at once: their sums can exceed the wall time.'],
  };
}

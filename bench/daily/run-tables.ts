import type { CountTree } from '#shared/jobs/counters.ts';
import { countAt } from '#shared/jobs/counters.ts';
import { removalReasons } from '#shared/core/daily-plan.ts';
import {
  count,
  mebibytesFromKiB,
  megabytes,
  orNotAvailable,
  ratio,
  ratioOrNotAvailable,
  seconds,
} from '../support/format.ts';
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
  'wall s',
  'job CPU s',
  'server CPU s',
  'commands',
  'write statements',
  'document MB rewritten',
  'changed-array MB',
  'to server MB',
  'from server MB',
  'peak RSS MiB',
  'peak heap MiB',
  'commands by name',
] as const;

/** What the cost columns mean; printed under every table that has them. */
export const costNotes = [
  'commands and write statements: sent by the job (driver command monitoring; a bulkWrite of 1,000 updates is 1',
  'command and 1,000 statements). to/from server: bytes through a TCP proxy between the job and the server.',
  'document MB rewritten: BSON bytes of every new document version the server stored; changed-array MB: BSON bytes',
  'of every array that differs from the previous version (what a replica set logs in its oplog for a $pull); both',
  'counted inside the embedded server (serverStatus embeddedStorage), n/a on a real MongoDB.',
  'peak RSS: the job process only (the server runs in another process); CPU: user + system.',
];

const storedMegabytes = (run: ApproachRun<unknown>, figure: 'documentBytesRewritten' | 'changedArrayBytes'): string =>
  orNotAvailable(run.storage, (storage) => megabytes(storage[figure]));

/** One row of the cost table: what the run cost the clock, the job, the server, the storage and the wire. */
export function costRow(run: ApproachRun<unknown>, label = run.label): string[] {
  const m = run.measurement;
  return [
    label,
    seconds(m.wallMs),
    seconds(m.cpuMs),
    orNotAvailable(run.serverCpuMs, seconds),
    count(m.totalCommands),
    count(m.writeStatements),
    storedMegabytes(run, 'documentBytesRewritten'),
    storedMegabytes(run, 'changedArrayBytes'),
    orNotAvailable(run.wire, (wire) => megabytes(wire.toServer)),
    orNotAvailable(run.wire, (wire) => megabytes(wire.fromServer)),
    mebibytesFromKiB(m.peakRssKiB),
    (m.peakHeapUsedBytes / 2 ** 20).toFixed(0),
    breakdown(m.commands),
  ];
}

/** naive / pipeline for every cost column. */
export function ratioRow(label: string, naive: ApproachRun<unknown>, pipeline: ApproachRun<unknown>): string[] {
  const a = naive.measurement;
  const b = pipeline.measurement;
  const stored = (run: ApproachRun<unknown>, figure: 'documentBytesRewritten' | 'changedArrayBytes'): number | null =>
    run.storage === null ? null : run.storage[figure];
  return [
    label,
    ratio(a.wallMs, b.wallMs, 2),
    ratio(a.cpuMs, b.cpuMs, 2),
    ratioOrNotAvailable(naive.serverCpuMs, pipeline.serverCpuMs, 2),
    ratio(a.totalCommands, b.totalCommands),
    ratio(a.writeStatements, b.writeStatements, 2),
    ratioOrNotAvailable(stored(naive, 'documentBytesRewritten'), stored(pipeline, 'documentBytesRewritten'), 2),
    ratioOrNotAvailable(stored(naive, 'changedArrayBytes'), stored(pipeline, 'changedArrayBytes'), 2),
    ratioOrNotAvailable(naive.wire?.toServer ?? null, pipeline.wire?.toServer ?? null),
    ratioOrNotAvailable(naive.wire?.fromServer ?? null, pipeline.wire?.fromServer ?? null),
    ratio(a.peakRssKiB, b.peakRssKiB, 2),
    ratio(a.peakHeapUsedBytes, b.peakHeapUsedBytes, 2),
    '',
  ];
}

/** The machine's 1-minute load average at the start and end of each run: each figure with the load it was taken under. */
export const loadNote = (runs: readonly ApproachRun<unknown>[], cores: number): string =>
  `machine load (1-min average, start-end of each run): ${runs
    .map((run) => `${run.loadAverage.start.toFixed(1)}-${run.loadAverage.end.toFixed(1)}`)
    .join(', ')} on ${String(cores)} cores; server: ${runs[0]?.target ?? '?'}.`;

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

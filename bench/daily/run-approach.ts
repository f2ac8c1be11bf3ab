import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { StoredVersionFigures } from '#local/embedded-mongo/storage/version-counters.ts';
import { runWorker } from '../support/child-process.ts';
import type { BenchDatabase } from '../support/database-handle.ts';
import type { DatabaseStats } from '../support/database-server.ts';
import type { BenchDatabases } from '../support/run-databases.ts';
import type { CorpusFigures } from '../support/seed-corpus.ts';
import type { WireBytes } from '../support/tcp-proxy.ts';
import type { JobMeasurement } from '../support/worker-harness.ts';

/**
 * One measured run of one approach on a fresh copy of the corpus. Server-side figures are null where they
 * cannot be measured (a real MongoDB: `--mongodb-uri`), and printed as "n/a".
 */
export interface ApproachRun<T> {
  readonly label: string;
  readonly leads: number;
  /** Where the run happened (support/run-databases.ts `target`). */
  readonly target: string;
  readonly corpus: CorpusFigures;
  readonly measurement: JobMeasurement<T>;
  /** Bytes through the proxy while the worker ran (its connections only). */
  readonly wire: WireBytes | null;
  /** Commands the server received while the worker ran (see DatabaseStats.serverCommands). */
  readonly serverCommands: number | null;
  readonly serverCpuMs: number | null;
  /** New document versions the server stored while the worker ran, and their bytes (embedded server only). */
  readonly storage: StoredVersionFigures | null;
  /** Where the end state was written (daily/end-state.ts), or null when not asked for. */
  readonly endStateFile: string | null;
  readonly inspected: { readonly before: unknown; readonly after: unknown };
  /** 1-minute load average of the machine when the worker started and ended: other work competes for the cores. */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

/** Where a worker runs: the proxy's URI for the measured job, the server's own for anything not measured. */
export interface WorkerPlace {
  readonly uri: string;
  readonly directUri: string;
  readonly database: string;
  /** A directory of its own (the archive of the local object store). */
  readonly scratchDirectory: string;
}

export interface ApproachSpec {
  readonly label: string;
  readonly script: string;
  readonly config: (place: WorkerPlace) => unknown;
  readonly endState: boolean;
  /** Looks at the database before and after the worker, outside what is measured (through the server's own URI). */
  readonly inspect?: (database: BenchDatabase, moment: 'before' | 'after') => Promise<unknown>;
}

let runNumber = 0;

const difference = (after: number | null, before: number | null): number | null =>
  after === null || before === null ? null : after - before;

function storageDifference(after: DatabaseStats, before: DatabaseStats): StoredVersionFigures | null {
  if (after.storage === null || before.storage === null) return null;
  return {
    documentVersions: after.storage.documentVersions - before.storage.documentVersions,
    documentBytesRewritten: after.storage.documentBytesRewritten - before.storage.documentBytesRewritten,
    changedArrayBytes: after.storage.changedArrayBytes - before.storage.changedArrayBytes,
  };
}

/**
 * Opens a fresh database with the corpus, runs the worker against the counting proxy, collects the server's
 * figures and (optionally) the end state, then closes the database and removes the run's files.
 */
export async function runApproach<T>(
  databases: BenchDatabases,
  leads: number,
  workDirectory: string,
  spec: ApproachSpec,
): Promise<ApproachRun<T>> {
  runNumber += 1;
  const runDirectory = join(workDirectory, `run-${String(runNumber)}`);
  const scratchDirectory = join(runDirectory, 'scratch');
  mkdirSync(scratchDirectory, { recursive: true });
  try {
    const database = await databases.open(leads, runDirectory);
    // The job's own connections go to `uri`; what is not measured goes to the server's own address.
    const place = (uri: string, name: string, scratch: string): WorkerPlace => ({
      uri,
      directUri: database.directUri,
      database: name,
      scratchDirectory: scratch,
    });
    try {
      for (const warmUpDatabase of database.warmUpDatabases) {
        // Unmeasured: the same job on a database beside, by the same path as the measured run (the counting proxy
        // runs in the server's process: its code is warmed up too; its counters are read as differences).
        const warmUpScratch = join(runDirectory, `${warmUpDatabase}-scratch`);
        mkdirSync(warmUpScratch, { recursive: true });
        await runWorker(spec.script, [
          JSON.stringify(spec.config(place(database.proxyUri, warmUpDatabase, warmUpScratch))),
        ]);
      }
      const inspectedBefore = await spec.inspect?.(database, 'before');
      const before = await database.stats();
      const loadAtStart = loadavg()[0] ?? 0;
      const measurement = await runWorker<JobMeasurement<T>>(spec.script, [
        JSON.stringify(spec.config(place(database.proxyUri, database.database, scratchDirectory))),
      ]);
      const after = await database.stats();
      const loadAtEnd = loadavg()[0] ?? 0;
      const inspectedAfter = await spec.inspect?.(database, 'after');
      let endStateFile: string | null = null;
      if (spec.endState) {
        endStateFile = join(workDirectory, `end-state-${String(runNumber)}.json`);
        await database.writeEndState(endStateFile);
      }
      const wire =
        after.wire === null || before.wire === null
          ? null
          : {
              toServer: after.wire.toServer - before.wire.toServer,
              fromServer: after.wire.fromServer - before.wire.fromServer,
              connections: after.wire.connections - before.wire.connections,
            };
      return {
        label: spec.label,
        leads,
        target: databases.target,
        corpus: database.corpus,
        measurement,
        wire,
        serverCommands: difference(after.serverCommands, before.serverCommands),
        serverCpuMs: difference(after.serverCpuMs, before.serverCpuMs),
        storage: storageDifference(after, before),
        endStateFile,
        inspected: { before: inspectedBefore, after: inspectedAfter },
        loadAverage: { start: loadAtStart, end: loadAtEnd },
      };
    } finally {
      await database.close();
    }
  } finally {
    rmSync(runDirectory, { recursive: true, force: true });
  }
}

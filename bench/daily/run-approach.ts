import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { runWorker } from '../support/child-process.ts';
import { startBenchDatabase, type BenchDatabase } from '../support/database-handle.ts';
import type { DatabaseStats } from '../support/database-server.ts';
import { benchDatabase, linkRunDirectory, type Snapshot } from '../support/snapshots.ts';
import type { WireBytes } from '../support/tcp-proxy.ts';
import type { JobMeasurement } from '../support/worker-harness.ts';

/** One measured run of one approach on a fresh copy of a snapshot. */
export interface ApproachRun<T> {
  readonly label: string;
  readonly leads: number;
  readonly measurement: JobMeasurement<T>;
  /** Bytes through the proxy while the worker ran (its connections only). */
  readonly wire: WireBytes;
  /** Commands the server received from the worker (its handshakes and heartbeats included). */
  readonly serverCommands: number;
  readonly serverCpuMs: number;
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

/**
 * Starts the server on hard links to the snapshot, runs the worker against the counting proxy, collects the
 * server's figures and (optionally) the end state, then kills the server and removes the run's files.
 */
export async function runApproach<T>(
  snapshot: Snapshot,
  workDirectory: string,
  spec: ApproachSpec,
): Promise<ApproachRun<T>> {
  runNumber += 1;
  const runDirectory = join(workDirectory, `run-${String(runNumber)}`);
  const dataDirectory = linkRunDirectory(snapshot, join(runDirectory, 'data'));
  const scratchDirectory = join(runDirectory, 'scratch');
  mkdirSync(scratchDirectory, { recursive: true });
  const database = await startBenchDatabase(dataDirectory);
  try {
    const inspectedBefore = await spec.inspect?.(database, 'before');
    const before: DatabaseStats = await database.stats();
    const loadAtStart = loadavg()[0] ?? 0;
    const measurement = await runWorker<JobMeasurement<T>>(spec.script, [
      JSON.stringify(
        spec.config({
          uri: database.proxyUri,
          directUri: database.directUri,
          database: benchDatabase,
          scratchDirectory,
        }),
      ),
    ]);
    const after = await database.stats();
    const loadAtEnd = loadavg()[0] ?? 0;
    const inspectedAfter = await spec.inspect?.(database, 'after');
    let endStateFile: string | null = null;
    if (spec.endState) {
      endStateFile = join(workDirectory, `end-state-${String(runNumber)}.json`);
      await database.writeEndState(benchDatabase, endStateFile);
    }
    return {
      label: spec.label,
      leads: snapshot.leads,
      measurement,
      wire: after.wire,
      serverCommands: after.serverCommands - before.serverCommands,
      serverCpuMs: after.serverCpuMs - before.serverCpuMs,
      endStateFile,
      inspected: { before: inspectedBefore, after: inspectedAfter },
      loadAverage: { start: loadAtStart, end: loadAtEnd },
    };
  } finally {
    await database.kill();
    rmSync(runDirectory, { recursive: true, force: true });
  }
}

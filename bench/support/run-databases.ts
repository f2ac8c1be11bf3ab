import { join } from 'node:path';
import { startBenchDatabase, type BenchDatabase } from './database-handle.ts';
import { linkRunDirectory, type Snapshot } from './snapshots.ts';

/** Where the bench's runs happen: a fresh database with the generated corpus for every run. */
export interface BenchDatabases {
  /** For the tables and the results: which server, without credentials. */
  readonly target: string;
  /** A database holding exactly the generated corpus of `leads` leads, for one run (close it when done). */
  open(leads: number, runDirectory: string): Promise<BenchDatabase>;
  /** Closes every database still open (an interrupted bench must not leave a real MongoDB's databases behind). */
  closeAll(): Promise<void>;
}

/** Tracks what `open` returned until it is closed. */
export function trackOpen(open: BenchDatabases['open']): Pick<BenchDatabases, 'open' | 'closeAll'> {
  const opened = new Set<BenchDatabase>();
  return {
    async open(leads, runDirectory) {
      const database = await open(leads, runDirectory);
      opened.add(database);
      return {
        ...database,
        async close() {
          opened.delete(database);
          await database.close();
        },
      };
    },
    async closeAll() {
      await Promise.allSettled([...opened].map((database) => database.close()));
      opened.clear();
    },
  };
}

/** How the server is warmed up before each measured run: `runs` runs on `leads` leads each (0 leads: cold). */
export interface WarmUp {
  readonly leads: number;
  readonly runs: number;
}

/** The databases of the warm-up runs, beside the measured one in the same server. */
export const warmUpDatabases = (runs: number): string[] =>
  Array.from({ length: runs }, (_, index) => `warmup${String(index + 1)}`);

/**
 * The embedded server, one process per run, on hard links to the seeded snapshot (support/snapshots.ts). With
 * `warmUp.leads` > 0 the snapshot of that many leads is linked beside once per warm-up run, as databases `warmup1`,
 * `warmup2`..., for the unmeasured runs that warm the process up (run-approach.ts): each finds the leads as seeded.
 */
export function embeddedDatabases(
  snapshot: (leads: number) => Promise<Snapshot>,
  warmUp: WarmUp = { leads: 0, runs: 0 },
): BenchDatabases {
  return {
    target: 'embedded server (local/embedded-mongo), its own process per run',
    ...trackOpen(async (leads, runDirectory) => {
      const seeded = await snapshot(leads);
      const dataDir = linkRunDirectory(seeded, join(runDirectory, 'data'));
      if (warmUp.leads === 0 || warmUp.runs === 0) return startBenchDatabase(dataDir, seeded.corpus);
      const warmUpSnapshot = await snapshot(warmUp.leads);
      const names = warmUpDatabases(warmUp.runs);
      for (const name of names) linkRunDirectory(warmUpSnapshot, dataDir, name);
      return startBenchDatabase(dataDir, seeded.corpus, names);
    }),
  };
}

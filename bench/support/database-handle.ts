import { join } from 'node:path';
import { cpuProfileDirectory, forkScript, openChannel } from './child-process.ts';
import type { DatabaseStarted, DatabaseStats } from './database-server.ts';
import type { CorpusFigures } from './seed-corpus.ts';
import { benchDatabase } from './snapshots.ts';

/** One run's database, holding the generated corpus and nothing else, wherever it lives. */
export interface BenchDatabase extends DatabaseStarted {
  /** The database the run's leads are in. */
  readonly database: string;
  readonly corpus: CorpusFigures;
  /** Databases of generated leads beside it, one per unmeasured run that warms the server up first (or none). */
  readonly warmUpDatabases: readonly string[];
  stats(): Promise<DatabaseStats>;
  /** Writes the end state of the leads (see daily/end-state.ts) to `file`; returns the number of leads. */
  writeEndState(file: string): Promise<number>;
  /** Writes the size of every history entry (see compression/history-sizes.ts) to `file`; returns their number. */
  writeHistorySizes(file: string): Promise<number>;
  /** Ends the run's database: the embedded server is killed, a real MongoDB's database dropped. */
  close(): Promise<void>;
}

/**
 * Starts the embedded server on `dataDir` in its own process, behind a byte-counting proxy. Closing kills the
 * process: the data directory is left exactly as it was loaded.
 */
export async function startBenchDatabase(
  dataDir: string,
  corpus: CorpusFigures,
  warmUpDatabases: readonly string[] = [],
): Promise<BenchDatabase> {
  const child = forkScript(join(import.meta.dirname, 'database-server.ts'), []);
  const channel = openChannel(child);
  try {
    const uris = await channel.request<DatabaseStarted>('start', { dataDir });
    return {
      ...uris,
      database: benchDatabase,
      corpus,
      warmUpDatabases,
      stats: () => channel.request<DatabaseStats>('stats'),
      writeEndState: (file) => channel.request<number>('endState', { database: benchDatabase, file }),
      writeHistorySizes: (file) => channel.request<number>('historySizes', { database: benchDatabase, file }),
      // Profiling: the server exits by itself to write its profile (without saving: the snapshot stays as loaded).
      close: () => (cpuProfileDirectory() === null ? channel.kill() : channel.exit(60_000)),
    };
  } catch (error) {
    await channel.kill();
    throw error;
  }
}

import { join } from 'node:path';
import { forkScript, openChannel } from './child-process.ts';
import type { DatabaseStarted, DatabaseStats } from './database-server.ts';

export interface BenchDatabase extends DatabaseStarted {
  stats(): Promise<DatabaseStats>;
  /** Writes the end state of the leads (see daily/end-state.ts) to `file`; returns the number of leads. */
  writeEndState(database: string, file: string): Promise<number>;
  /** Writes the size of every history entry (see compression/history-sizes.ts) to `file`; returns their number. */
  writeHistorySizes(database: string, file: string): Promise<number>;
  /** Kills the server process: the data directory is left exactly as it was loaded. */
  kill(): Promise<void>;
}

/** Starts the embedded server on `dataDir` in its own process, behind a byte-counting proxy. */
export async function startBenchDatabase(dataDir: string): Promise<BenchDatabase> {
  const child = forkScript(join(import.meta.dirname, 'database-server.ts'), []);
  const channel = openChannel(child);
  try {
    const uris = await channel.request<DatabaseStarted>('start', { dataDir });
    return {
      ...uris,
      stats: () => channel.request<DatabaseStats>('stats'),
      writeEndState: (database, file) => channel.request<number>('endState', { database, file }),
      writeHistorySizes: (database, file) => channel.request<number>('historySizes', { database, file }),
      kill: () => channel.kill(),
    };
  } catch (error) {
    await channel.kill();
    throw error;
  }
}

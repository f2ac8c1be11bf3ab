import { commandLineClient, connectCommandLineClient } from '#local/runner/command-line-database.ts';
import type { JobName } from '#shared/jobs/run-context.ts';
import { RunRecords } from '#shared/mongo/run-records.ts';

export interface LeaseView {
  readonly runId: string;
  readonly expiresAt: string;
}

/** Reads the jobs' leases in the database the deployed stack uses; the stack's own secret is not read from here. */
export interface LeaseReader {
  currentLease(job: JobName): Promise<LeaseView | null>;
  close(): Promise<void>;
}

/**
 * A reader on MONGODB_URI (and MONGODB_DATABASE, else the URI's database), as the functions connect. A database
 * that cannot be reached fails with the command line's one-line "cannot reach MongoDB at ..." like every command.
 */
export async function openLeaseReader(uri: string, database: string | undefined): Promise<LeaseReader> {
  const client = commandLineClient(uri, { maxPoolSize: 2 });
  try {
    await connectCommandLineClient(client, uri);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  const records = new RunRecords(client.db(database || undefined));
  return {
    async currentLease(job) {
      const lease = await records.currentLease(job);
      return lease === null ? null : { runId: lease.runId, expiresAt: lease.expiresAt.toISOString() };
    },
    close: () => client.close(),
  };
}

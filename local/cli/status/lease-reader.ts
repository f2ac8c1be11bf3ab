import { MongoClient } from 'mongodb';
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

/** A reader on MONGODB_URI (and MONGODB_DATABASE, else the URI's database), as the functions connect. */
export async function openLeaseReader(uri: string, database: string | undefined): Promise<LeaseReader> {
  const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 5000, maxPoolSize: 2 }).connect();
  const records = new RunRecords(client.db(database || undefined));
  return {
    async currentLease(job) {
      const lease = await records.currentLease(job);
      return lease === null ? null : { runId: lease.runId, expiresAt: lease.expiresAt.toISOString() };
    },
    close: () => client.close(),
  };
}

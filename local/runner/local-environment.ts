import { resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { loadPolicy, type MaintenancePolicy } from '#shared/core/config.ts';
import type { JobDependencies, JobLogger, MetricsSink, RunEventPublisher, RunMetric } from '#shared/jobs/ports.ts';
import { silentLogger } from '#shared/jobs/ports.ts';
import { RunRecords } from '#shared/mongo/run-records.ts';
import { redact } from '#shared/runtime/redact.ts';
import { putJson } from '#shared/storage/json-objects.ts';
import { createLocalReportsStore } from '#shared/storage/local-reports-store.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { describeEmbeddedDatabase, describeMongoDatabase } from './database-description.ts';

/** The database the demo seeds in the embedded server, and the one the command line reads there by default. */
export const embeddedDatabase = 'lead_session_demo';

export interface LocalEnvironmentOptions {
  /** MongoDB to use; when absent an embedded server is started (persisted in `dataDir` when given). */
  readonly mongoUri?: string | null;
  readonly dataDir?: string | null;
  readonly database?: string;
  readonly reportsDir: string;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly logger?: JobLogger;
  readonly now?: () => Date;
}

export interface LocalEnvironment {
  readonly dependencies: JobDependencies;
  readonly client: MongoClient;
  readonly store: ObjectStore;
  readonly policy: MaintenancePolicy;
  /** Every metric the runs emitted, with its job. */
  readonly metrics: { job: string; metric: RunMetric }[];
  /** Where the database lives: the embedded data folder, or MONGODB_URI's hosts (never its credentials). */
  readonly databaseDescription: string;
  close(): Promise<void>;
}

/** A JSON-lines logger on stderr, through the same redaction layer as in Lambda. */
export function stderrLogger(): JobLogger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    process.stderr.write(
      `${JSON.stringify({ level, message, ...(redact(fields ?? {}) as object), timestamp: new Date().toISOString() })}\n`,
    );
  return { info: write('INFO'), warn: write('WARN'), error: write('ERROR') };
}

/**
 * Everything a local run needs, with the same use cases as in AWS: MongoDB (or the embedded server), reports in a
 * folder, metrics collected in memory, "run finished" events written to `events/<runId>.json`.
 */
export async function openLocalEnvironment(options: LocalEnvironmentOptions): Promise<LocalEnvironment> {
  const environment = options.environment ?? process.env;
  const policy = loadPolicy(environment);
  const dataDirectory = options.dataDir ? resolve(options.dataDir) : null;
  const embedded: EmbeddedMongo | null = options.mongoUri
    ? null
    : await startEmbeddedMongo({ port: 0, ...(dataDirectory ? { dataDir: dataDirectory } : {}) });
  const uri = embedded?.uri ?? (options.mongoUri as string);
  // The embedded server answers one command at a time: a batch's aggregate over 1,000 large leads can keep it
  // busy for longer than the driver's 30 s monitoring timeout on a loaded machine, which then fails every batch
  // in flight. A real MongoDB keeps the driver's defaults.
  const client = await new MongoClient(uri, {
    serverSelectionTimeoutMS: 5000,
    maxPoolSize: 8,
    ...(embedded ? { connectTimeoutMS: 300_000 } : {}),
  }).connect();
  // The embedded server holds the demo's data; a real server's database comes from MONGODB_DATABASE or the URI.
  const database = options.database ?? (environment.MONGODB_DATABASE || (embedded ? embeddedDatabase : undefined));
  const db = client.db(database);
  const store = createLocalReportsStore(resolve(options.reportsDir));
  const collected: { job: string; metric: RunMetric }[] = [];
  const metrics: MetricsSink = { record: (job, list) => list.forEach((metric) => collected.push({ job, metric })) };
  const events: RunEventPublisher = {
    publishRunFinished: async (summary) => putJson(store, `events/${String(summary.runId)}.json`, redact(summary)),
  };
  const dependencies: JobDependencies = {
    db,
    leads: db.collection(environment.LEADS_COLLECTION || 'leads'),
    runRecords: new RunRecords(db),
    store,
    policy,
    now: options.now ?? (() => new Date()),
    logger: options.logger ?? silentLogger,
    metrics,
    events,
  };
  return {
    dependencies,
    client,
    store,
    policy,
    metrics: collected,
    databaseDescription: embedded
      ? describeEmbeddedDatabase(dataDirectory, db.databaseName)
      : describeMongoDatabase(uri, database),
    async close() {
      await client.close();
      await embedded?.stop();
    },
  };
}

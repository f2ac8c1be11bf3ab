import { resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import type { MaintenancePolicy } from '#shared/core/config.ts';
import { loadSettings } from '#shared/core/settings.ts';
import type { JobDependencies, JobLogger, MetricsSink, RunEventPublisher, RunMetric } from '#shared/jobs/ports.ts';
import { silentLogger } from '#shared/jobs/ports.ts';
import { RunRecords } from '#shared/mongo/run-records.ts';
import { redact } from '#shared/runtime/redact.ts';
import { putJson } from '#shared/storage/json-objects.ts';
import { createLocalReportsStore } from '#shared/storage/local-reports-store.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import type { EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { commandLineClient, connectCommandLineClient } from './command-line-database.ts';
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
  /**
   * `now` (default): connect before returning, failing with "cannot reach MongoDB at ...". `on first use`: a job
   * run connects in its Plan step, so that an unreachable database fails the run, which then leaves its report.
   */
  readonly connect?: 'now' | 'on first use';
}

export { commandLineDatabaseTimeoutMs } from './command-line-database.ts';

/** The in-process server is always there; waiting longer only covers an event loop busy with synchronous work. */
const embeddedSelectionTimeoutMs = 120_000;

export interface LocalEnvironment {
  readonly dependencies: JobDependencies;
  readonly client: MongoClient;
  readonly store: ObjectStore;
  readonly policy: MaintenancePolicy;
  /** Every metric the runs emitted, with its job. */
  readonly metrics: { job: string; metric: RunMetric }[];
  /** Where the database lives: the embedded data folder, or MONGODB_URI's hosts (never its credentials). */
  readonly databaseDescription: string;
  /** Connects once; later calls share the outcome (a failure too, so a run's steps do not wait again each). */
  connected(): Promise<void>;
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
  const settings = loadSettings(environment);
  const policy = settings.policy;
  const client = options.mongoUri ? commandLineClient(options.mongoUri) : null;
  const dataDirectory = options.dataDir ? resolve(options.dataDir) : null;
  // Loaded only when used: with MONGODB_URI the command line does not pay for the embedded server's modules.
  const embedded: EmbeddedMongo | null = client
    ? null
    : await (
        await import('#local/embedded-mongo/index.ts')
      ).startEmbeddedMongo({ port: 0, ...(dataDirectory ? { dataDir: dataDirectory } : {}) });
  const uri = embedded?.uri ?? (options.mongoUri as string);
  // The embedded server answers one command at a time: a batch's aggregate over 1,000 large leads can keep it
  // busy for longer than the driver's 30 s monitoring timeout on a loaded machine, which then fails every batch
  // in flight. It also shares this process's event loop: while synchronous work runs (synthesizing the state
  // machine definition takes seconds of CPU on a loaded machine) it cannot answer the driver's handshake, so a
  // short server selection timeout would report a server that is merely waiting for its turn. A real MongoDB
  // gets the command line's short timeouts (commandLineClient).
  const mongo =
    client ??
    new MongoClient(uri, {
      serverSelectionTimeoutMS: embeddedSelectionTimeoutMs,
      maxPoolSize: 8,
      connectTimeoutMS: 300_000,
    });
  let connection: Promise<void> | null = null;
  const connected = (): Promise<void> => {
    connection ??= embedded ? mongo.connect().then(() => undefined) : connectCommandLineClient(mongo, uri);
    return connection;
  };
  if ((options.connect ?? 'now') === 'now') {
    try {
      await connected();
    } catch (error) {
      await mongo.close().catch(() => undefined);
      await embedded?.stop();
      throw error;
    }
  }
  // The embedded server holds the demo's data; a real server's database comes from MONGODB_DATABASE or the URI.
  const database = options.database ?? settings.databaseName ?? (embedded ? embeddedDatabase : undefined);
  const db = mongo.db(database);
  const store = createLocalReportsStore(resolve(options.reportsDir));
  const collected: { job: string; metric: RunMetric }[] = [];
  const metrics: MetricsSink = { record: (job, list) => list.forEach((metric) => collected.push({ job, metric })) };
  const events: RunEventPublisher = {
    publishRunFinished: async (summary) => putJson(store, `events/${String(summary.runId)}.json`, redact(summary)),
  };
  const dependencies: JobDependencies = {
    db,
    leads: db.collection(settings.leadsCollection),
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
    client: mongo,
    store,
    policy,
    metrics: collected,
    databaseDescription: embedded
      ? describeEmbeddedDatabase(dataDirectory, db.databaseName)
      : describeMongoDatabase(uri, database),
    connected,
    async close() {
      await mongo.close();
      await embedded?.stop();
    },
  };
}

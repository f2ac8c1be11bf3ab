import { resolve } from 'node:path';
import type { Db } from 'mongodb';
import { loadDatabaseName, loadSettings } from '#shared/core/settings.ts';
import type { JobDependencies, RunEventPublisher, RunFailureDependencies } from '#shared/jobs/ports.ts';
import { lambdaClientOptions, sharedMongoClient } from '#shared/mongo/client.ts';
import { invalidMongoUri, isConnectionFailure, unreachableDatabase } from '#shared/mongo/connection-failure.ts';
import { RunRecords } from '#shared/mongo/run-records.ts';
import { createLocalReportsStore } from '#shared/storage/local-reports-store.ts';
import { createS3ObjectStore } from '#shared/storage/s3-object-store.ts';
import { eventBridgePublisher } from './eventbridge-publisher.ts';
import { resolveMongoUri } from './mongo-uri.ts';
import { emfMetricsSink, jobLogger } from './observability.ts';

type Environment = Readonly<Record<string, string | undefined>>;

const noEvents: RunEventPublisher = { publishRunFinished: async () => {} };

/**
 * Builds the steps' dependencies from the environment, once per process (module scope: reused across warm
 * invocations). A failure is not cached, so the next invocation tries again.
 */
export function createStepDependencies(environment: Environment): Promise<JobDependencies> {
  cached ??= build(environment).catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}
let cached: Promise<JobDependencies> | null = null;

async function build(environment: Environment): Promise<JobDependencies> {
  const { policy, databaseName, leadsCollection } = loadSettings(environment);
  const db = await connectDatabase(environment, databaseName);
  return {
    db,
    leads: db.collection(leadsCollection),
    runRecords: new RunRecords(db),
    policy,
    ...failureOutlets(environment),
  };
}

/** Where the URI came from, as an operator would change it. */
const uriSource = (environment: Environment): string =>
  environment.MONGODB_URI ? 'MONGODB_URI' : `the secret MONGODB_SECRET_ARN=${environment.MONGODB_SECRET_ARN ?? ''}`;

/** The database; a connection failure says what was tried and why it failed (hosts only, never credentials). */
async function connectDatabase(environment: Environment, databaseName: string | undefined): Promise<Db> {
  const uri = await resolveMongoUri(environment);
  try {
    const client = await sharedMongoClient(uri);
    return client.db(databaseName);
  } catch (error) {
    const invalid = invalidMongoUri(uriSource(environment), error);
    if (invalid !== null) throw invalid;
    if (!isConnectionFailure(error)) throw error;
    throw unreachableDatabase(uri, uriSource(environment), error, lambdaClientOptions.serverSelectionTimeoutMS ?? 0);
  }
}

/** The reports store, clock, logs, metrics and events: what needs neither settings nor the database. */
function failureOutlets(environment: Environment) {
  return {
    store: environment.REPORTS_BUCKET
      ? createS3ObjectStore({ bucket: environment.REPORTS_BUCKET })
      : createLocalReportsStore(resolve(environment.REPORTS_DIR ?? 'reports')),
    now: () => new Date(),
    logger: jobLogger,
    metrics: emfMetricsSink,
    events: environment.EVENT_BUS_NAME ? eventBridgePublisher(environment.EVENT_BUS_NAME) : noEvents,
  };
}

/**
 * What RecordFailedRun needs, built even when a setting is invalid: the run records only need the database
 * (MONGODB_DATABASE is used when it is a valid name), and a database that cannot be reached only costs the record.
 */
export function createFailureDependencies(environment: Environment): RunFailureDependencies {
  return {
    ...failureOutlets(environment),
    runRecords: async () => new RunRecords(await connectDatabase(environment, loadDatabaseName(environment))),
  };
}

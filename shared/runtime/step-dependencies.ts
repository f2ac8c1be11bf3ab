import { resolve } from 'node:path';
import { loadPolicy } from '#shared/core/config.ts';
import type { JobDependencies, RunEventPublisher } from '#shared/jobs/ports.ts';
import { sharedMongoClient } from '#shared/mongo/client.ts';
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
  const policy = loadPolicy(environment);
  const client = await sharedMongoClient(await resolveMongoUri(environment));
  const db = client.db(environment.MONGODB_DATABASE || undefined);
  const store = environment.REPORTS_BUCKET
    ? createS3ObjectStore({ bucket: environment.REPORTS_BUCKET })
    : createLocalReportsStore(resolve(environment.REPORTS_DIR ?? 'reports'));
  return {
    db,
    leads: db.collection(environment.LEADS_COLLECTION || 'leads'),
    runRecords: new RunRecords(db),
    store,
    policy,
    now: () => new Date(),
    logger: jobLogger,
    metrics: emfMetricsSink,
    events: environment.EVENT_BUS_NAME ? eventBridgePublisher(environment.EVENT_BUS_NAME) : noEvents,
  };
}

import { resolve } from 'node:path';
import { loadSettings } from '#shared/core/settings.ts';
import { describeEmbeddedDatabase } from '#local/runner/database-description.ts';
import { loadDeployedDefinition } from '#local/runner/definition.ts';
import { embeddedDatabase, openLocalEnvironment } from '#local/runner/local-environment.ts';
import { runJobLocally, type LocalJobRun } from '#local/runner/run-job.ts';
import type { JobLogger } from '#shared/jobs/ports.ts';
import { jobNames, type JobName } from '#shared/jobs/run-context.ts';
import { takeCensus, type Census } from './census.ts';
import type { DemoProgress } from './progress.ts';
import { createAppIndexes, seedLeads } from './seed.ts';

export interface DemoOptions {
  readonly leadCount: number;
  readonly seed: number;
  readonly reportsDir: string;
  /** A real MongoDB to use instead of the embedded server (its own demo database is reset). */
  readonly mongoUri: string | null;
  /** Where the embedded server keeps its data, so the command line can work on the demo's leads afterwards. */
  readonly dataDir?: string | null;
  readonly now?: Date;
  readonly logger?: JobLogger;
  readonly onJobFinished?: (job: JobName, run: LocalJobRun) => void;
  /** Seeding and batch progress, and a warning before an earlier demo database is wiped. */
  readonly onProgress?: (event: DemoProgress) => void;
}

export interface DemoResult {
  readonly before: Census;
  readonly afterDaily: Census;
  readonly after: Census;
  readonly runs: Readonly<Record<JobName, LocalJobRun>>;
  readonly monthlyHtmlPath: string | null;
  readonly databaseDescription: string;
}

/** Batch progress of one job, as demo progress events. */
function progressOf(job: JobName, report: (event: DemoProgress) => void) {
  let total = 0;
  let done = 0;
  return {
    onPlanned: (batches: number) => {
      total = batches;
      report({ kind: 'planned', job, batches });
    },
    onBatchFinished: () => {
      done += 1;
      report({ kind: 'batch', job, done, total });
    },
  };
}

/**
 * Leads per insert while seeding: 100 (~3.5 MB messages) measured ~0.8 s CPU cheaper than 500 (~17 MB), which the
 * driver and the server copy into fresh buffers several times each.
 */
const seedChunkLeads = 100;

/** The demo database: never the application's own. */
export const demoDatabase = embeddedDatabase;

/**
 * Deletes the earlier demo database from the embedded server's data folder before the server starts, so that it
 * is never loaded (decoding 2,000 large leads only to drop them cost about a second); the warning still comes first.
 */
async function wipeEarlierEmbeddedDemo(dataDirectory: string, report: (event: DemoProgress) => void): Promise<void> {
  const { countPersistedDocuments, removePersistedDatabase } =
    await import('#local/embedded-mongo/storage/snapshot-files.ts');
  const leadsCollection = loadSettings(process.env).leadsCollection;
  const earlier = await countPersistedDocuments(dataDirectory, demoDatabase, leadsCollection);
  const database = describeEmbeddedDatabase(dataDirectory, demoDatabase);
  if (earlier > 0) report({ kind: 'wiping', leads: earlier, database });
  await removePersistedDatabase(dataDirectory, demoDatabase);
}

/**
 * The whole system on a laptop.
 *
 * 1. Start the embedded MongoDB-compatible server (or use MONGODB_URI's server, in its own demo database).
 * 2. Seed realistic leads with the generator (every data quirk of the contract included) and the app's indexes.
 * 3. Run daily, weekly and monthly through the deployed state machine definition, executed locally.
 * 4. Return the census before and after, the runs and the monthly HTML report's path.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const now = options.now ?? new Date();
  const report = options.onProgress ?? (() => {});
  if (options.mongoUri === null && options.dataDir) await wipeEarlierEmbeddedDemo(resolve(options.dataDir), report);
  const environment = await openLocalEnvironment({
    mongoUri: options.mongoUri,
    dataDir: options.dataDir ?? null,
    database: demoDatabase,
    reportsDir: options.reportsDir,
    ...(options.logger ? { logger: options.logger } : {}),
    now: () => new Date(),
  });
  try {
    const { db, leads } = environment.dependencies;
    // The embedded server's earlier demo database is already gone (above); a real MongoDB's is counted here.
    const earlier = await leads.estimatedDocumentCount();
    if (earlier > 0) report({ kind: 'wiping', leads: earlier, database: environment.databaseDescription });
    await db.dropDatabase();
    await seedLeads(leads, { seed: options.seed, leadCount: options.leadCount, now }, seedChunkLeads, (done) =>
      report({ kind: 'seeding', done, total: options.leadCount }),
    );
    await createAppIndexes(leads);
    const definition = loadDeployedDefinition();
    const before = await takeCensus(leads);
    const runs: Partial<Record<JobName, LocalJobRun>> = {};
    let afterDaily = before;
    for (const job of jobNames) {
      const run = await runJobLocally({
        job,
        payload: {},
        definition,
        dependencies: environment.dependencies,
        requestId: `demo-${job}`,
        progress: progressOf(job, report),
      });
      runs[job] = run;
      options.onJobFinished?.(job, run);
      if (job === 'daily') afterDaily = await takeCensus(leads);
    }
    const monthly = runs.monthly?.execution?.output ?? null;
    const htmlKey = monthly ? monthly.reportKey.replace(/\.json$/, '.html') : null;
    return {
      before,
      afterDaily,
      after: await takeCensus(leads),
      runs: runs as Record<JobName, LocalJobRun>,
      monthlyHtmlPath: htmlKey ? await environment.store.locate(htmlKey) : null,
      databaseDescription: environment.databaseDescription,
    };
  } finally {
    await environment.close();
  }
}

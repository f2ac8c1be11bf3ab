/**
 * Shared harness of the reliability tests: twin databases seeded identically, runs of the deployed state machine
 * at a fixed reference time, and fault injection into the steps' dependencies.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Collection, type Document, type MongoClientOptions } from 'mongodb';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { createAppIndexes, seedLeads } from '#local/demo/seed.ts';
import { takeCensus } from '#local/demo/census.ts';
import { loadDeployedDefinition } from '#local/runner/definition.ts';
import { openLocalEnvironment, type LocalEnvironment } from '#local/runner/local-environment.ts';
import { createLocalStateMachine, type LocalExecution } from '#local/runner/local-state-machine.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { countAt, type CountTree } from '#shared/jobs/counters.ts';
import { leaseTtlMs } from '#shared/jobs/plan-run.ts';
import type { JobDependencies } from '#shared/jobs/ports.ts';
import type { JobName } from '#shared/jobs/run-context.ts';
import type { RunReport } from '#shared/jobs/run-report.ts';
import { startJobRun, type StartOutcome } from '#shared/jobs/start-run.ts';
import { RunRecords, type RunRecord } from '#shared/mongo/run-records.ts';
import { getJson } from '#shared/storage/json-objects.ts';
import { databaseDigest } from '../../support/local-stack.ts';

/** Every run of these tests uses this reference time (the schedule slot), so twins plan exactly alike. */
export const referenceTime = new Date('2026-11-28T02:00:00.000Z');

/** A clock past the lease of any run started now: the takeover a crashed run allows. */
export const afterLeaseExpiry = (): Date => new Date(Date.now() + leaseTtlMs + 60_000);

const definitions = new Map<number | null, StateMachineDefinition>();
/** The deployed definition; `mapMaxConcurrency` 1 makes "after k batches" exact. Synthesized once per value. */
export function definitionWith(mapMaxConcurrency: number | null = null): StateMachineDefinition {
  let definition = definitions.get(mapMaxConcurrency);
  if (definition === undefined) {
    definition = loadDeployedDefinition(mapMaxConcurrency === null ? {} : { mapMaxConcurrency });
    definitions.set(mapMaxConcurrency, definition);
  }
  return definition;
}

export const scheduledEvent = (time: Date) => ({
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  time: time.toISOString(),
  id: `event-${time.getTime()}`,
  detail: {},
});

/** One database of an embedded server, seeded with generated leads at the reference time. */
export interface Side {
  readonly environment: LocalEnvironment;
  readonly dependencies: JobDependencies;
  readonly leads: Collection<Document>;
  readonly reportsDir: string;
  close(): Promise<void>;
}

export async function openSide(
  uri: string,
  database: string,
  options: { leadCount: number; seed: number; clientOptions?: MongoClientOptions },
): Promise<Side> {
  const reportsDir = await mkdtemp(join(tmpdir(), `lsm-${database}-`));
  const environment = await openLocalEnvironment({ mongoUri: uri, reportsDir, database, environment: {} });
  const leads = environment.dependencies.leads;
  if ((await leads.estimatedDocumentCount()) === 0) {
    await seedLeads(leads, {
      seed: options.seed,
      leadCount: options.leadCount,
      now: referenceTime,
      cookiesPerSession: { min: 0, max: 10 },
    });
    await createAppIndexes(leads);
  }
  return {
    environment,
    dependencies: environment.dependencies,
    leads,
    reportsDir,
    async close() {
      await environment.close();
      await rm(reportsDir, { recursive: true, force: true });
    },
  };
}

/** Two identical databases (`a` suffers the faults, `b` runs undisturbed) in one embedded server. */
export interface Twins {
  readonly server: EmbeddedMongo;
  readonly a: Side;
  readonly b: Side;
  close(): Promise<void>;
}

export async function startTwins(options: { leadCount: number; seed: number }): Promise<Twins> {
  const server = await startEmbeddedMongo({ port: 0 });
  const a = await openSide(server.uri, 'twin_a', options);
  const b = await openSide(server.uri, 'twin_b', options);
  return {
    server,
    a,
    b,
    async close() {
      await a.close();
      await b.close();
      await server.stop();
    },
  };
}

/** Dependencies over another client (e.g. through a fault proxy), sharing the side's store and metrics. */
export async function dependenciesThrough(
  side: Side,
  uri: string,
  database: string,
  clientOptions: MongoClientOptions,
): Promise<{ dependencies: JobDependencies; client: MongoClient }> {
  const client = new MongoClient(uri, clientOptions);
  const db = client.db(database);
  return {
    client,
    dependencies: { ...side.dependencies, db, leads: db.collection('leads'), runRecords: new RunRecords(db) },
  };
}

export interface RunOutcome {
  readonly start: StartOutcome;
  readonly runId: string | null;
  readonly execution: LocalExecution | null;
  readonly record: RunRecord | null;
  readonly report: RunReport | null;
}

/**
 * Starts a run through the job's use case and the deployed definition, at `referenceTime` (a manual payload) or
 * at a scheduled event's slot, with the given dependency source (which may inject faults), and waits for it.
 */
export async function runJob(
  side: Side,
  options: {
    job: JobName;
    event?: unknown;
    requestId?: string;
    dependencies?: () => Promise<JobDependencies>;
    definition?: StateMachineDefinition;
    batchSize?: number;
  },
): Promise<RunOutcome> {
  const machine = createLocalStateMachine({
    definition: options.definition ?? definitionWith(null),
    dependencies: options.dependencies ?? (async () => side.dependencies),
  });
  const start = await startJobRun(options.job, options.event ?? {}, {
    policy: side.environment.policy,
    starter: machine.starter,
    requestId: options.requestId ?? `req-${Math.random().toString(36).slice(2, 10)}`,
    now: referenceTime,
    batchSize: options.batchSize ?? 10,
  });
  const runId = start.runId;
  const execution = start.started ? await machine.result(start.runId) : null;
  return { start, runId, execution, ...(await readOutcome(side, runId)) };
}

/** The run record and the report of a run, as an operator would read them. */
export async function readOutcome(
  side: Side,
  runId: string | null,
): Promise<{ record: RunRecord | null; report: RunReport | null }> {
  if (runId === null) return { record: null, report: null };
  const record = await side.dependencies.runRecords.findRun(runId);
  const reportKey = (record?.summary as { reportKey?: string } | null)?.reportKey;
  const report = reportKey ? await getJson<RunReport>(side.environment.store, reportKey) : null;
  return { record, report };
}

export { databaseDigest, takeCensus };

/** The counts that say what a daily run changed (what must add up across a crash and its rerun). */
export function dailyFacts(counts: CountTree): Record<string, number> {
  const facts: Record<string, number> = {};
  for (const reason of ['expired', 'orphaned', 'overLimit', 'invalid']) {
    facts[`sessionsRemoved.${reason}`] = countAt(counts, ['sessionsRemoved', reason]);
    facts[`entriesRemoved.${reason}`] = countAt(counts, ['entriesRemoved', reason]);
  }
  return facts;
}

/** The counts that say what a weekly run changed. */
export function weeklyFacts(counts: CountTree): Record<string, number> {
  return Object.fromEntries(
    [
      'sessionsCompressed',
      'sessionsOptimized',
      'historyEntriesDeduplicated',
      'expiredCookiesRemoved',
      'duplicateCookiesRemoved',
      'compressedOriginalBytes',
      'compressedStoredBytes',
      'bytesSaved',
    ].map((name) => [name, countAt(counts, [name])]),
  );
}

export function addFacts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys({ ...a, ...b }).map((key) => [key, (a[key] ?? 0) + (b[key] ?? 0)]));
}

export const sumOf = (facts: Record<string, number>, prefix: string): number =>
  Object.entries(facts)
    .filter(([key]) => key.startsWith(prefix))
    .reduce((sum, [, value]) => sum + value, 0);

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { Collection, Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { openLocalEnvironment, type LocalEnvironment } from '#local/runner/local-environment.ts';
import { runJobLocally, type LocalJobRun } from '#local/runner/run-job.ts';
import type { JobDependencies } from '#shared/jobs/ports.ts';
import type { JobName } from '#shared/jobs/run-context.ts';
import { runCollections } from '#shared/mongo/run-records.ts';
import { emfMetricsSink, jobLogger, logger } from '#shared/runtime/observability.ts';
import { deployedDefinition } from '../../support/local-stack.ts';
import { collectionText, readTree, SecretMarkers, seedLeadsWithMarkers } from './secret-markers.ts';

/**
 * The jobs with the Lambda wiring (Powertools logger, EMF metrics) over leads carrying secret markers, including runs
 * whose database calls fail with an error that quotes a connection string with a password: nothing written to
 * stdout or stderr, no metric, event, report or run record may hold a marker.
 */
describe('the Lambda wiring leaks no secret', () => {
  const markers = new SecretMarkers();
  const password = markers.secret('PASSWORD');
  let server: EmbeddedMongo;
  let environment: LocalEnvironment;
  let reportsDir: string;
  let printed: string[];
  let requestCounter = 0;
  const uriWithPassword = () => `mongodb://ops:${password}@127.0.0.1:${server.port}/leaks_lambda?authSource=admin`;

  /** Everything the process writes while `act` runs (Powertools writes through process.stdout and stderr). */
  async function capturingOutput<T>(act: () => Promise<T>): Promise<T> {
    const capture = (chunk: unknown): boolean => {
      printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return true;
    };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      return await act();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  }

  function run(
    job: JobName,
    payload: unknown,
    dependencies: JobDependencies = lambdaDependencies(),
  ): Promise<LocalJobRun> {
    return capturingOutput(() =>
      runJobLocally({
        job,
        payload,
        definition: deployedDefinition(),
        dependencies,
        environment: {},
        requestId: `leaks-${job}-${(requestCounter += 1)}`,
      }),
    );
  }

  /** The local environment with the Lambda's logger and EMF metrics (metrics also kept in memory). */
  function lambdaDependencies(leads?: Collection<Document>): JobDependencies {
    const local = environment.dependencies;
    return {
      ...local,
      ...(leads ? { leads } : {}),
      logger: jobLogger,
      metrics: {
        record(job, list) {
          emfMetricsSink.record(job, list);
          local.metrics.record(job, list);
        },
      },
    };
  }

  /** The leads collection, whose reads fail with a driver-like error quoting the connection string. */
  function failingLeads(method: 'find' | 'aggregate'): Collection<Document> {
    const leads = environment.dependencies.leads;
    return new Proxy(leads, {
      get(target, property, receiver) {
        if (property === method) {
          return () => {
            throw new Error(`connection 7 to ${uriWithPassword()} closed while reading leads`);
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  beforeAll(async () => {
    server = await startEmbeddedMongo({ port: 0 });
    reportsDir = await mkdtemp(join(tmpdir(), 'lsm-leaks-lambda-'));
    environment = await openLocalEnvironment({
      mongoUri: `mongodb://127.0.0.1:${server.port}/leaks_lambda?appName=${markers.secret('APPNAME')}`,
      reportsDir,
      environment: {},
    });
    await seedLeadsWithMarkers(environment.dependencies.leads, markers, { seed: 5, leadCount: 150, now: new Date() });
    logger.setLogLevel('DEBUG');
    printed = [];
  });

  afterAll(async () => {
    logger.setLogLevel('INFO');
    await environment?.close();
    await server?.stop();
    if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
  });

  it(
    'runs every job, a failing batch and a failing plan with no marker in logs, metrics, events, reports or run records',
    { timeout: 300_000 },
    async () => {
      // Prepare
      const markersBefore = markers.findIn(await collectionText(environment.dependencies.leads));
      expect(markersBefore.length).toBe(markers.planted.size);

      // Act
      const runs = [
        await run('daily', { dryRun: true }),
        await run('daily', {}),
        await run('weekly', { dryRun: true }),
        await run('weekly', {}),
        await run('monthly', {}),
      ];
      const failedBatch = await run('daily', { dryRun: true }, lambdaDependencies(failingLeads('aggregate')));
      const failedPlan = await run('weekly', {}, lambdaDependencies(failingLeads('find')));

      // Assess: the runs did what they do, and the capture saw the Powertools log lines and EMF metrics.
      for (const { execution } of runs) expect(execution?.output?.status).toBe('COMPLETED');
      expect(failedBatch.execution?.output?.status).toBe('COMPLETED_WITH_ERRORS');
      expect(failedPlan.execution?.status).toBe('FAILED');
      const output = printed.join('');
      for (const message of ['run started', 'run planned', 'batch processed', 'batch failed', 'run finished'])
        expect(output).toContain(`"message":"${message}"`);
      expect(output).toContain('"_aws"');
      expect(output).toContain('closed while reading leads');

      // Assess: no marker printed, in a metric, an event, a report, a plan or a run record.
      expect(markers.findIn(output)).toEqual([]);
      expect(environment.metrics.length).toBeGreaterThan(0);
      expect(markers.findIn(JSON.stringify(environment.metrics))).toEqual([]);
      const files = await readTree(reportsDir);
      const scanned = [...files.keys()].filter((key) => !key.startsWith('archive/'));
      expect(scanned.filter((key) => key.startsWith('events/')).length).toBe(runs.length + 2);
      for (const key of scanned) expect(markers.findIn(files.get(key) as string), key).toEqual([]);
      const failedReport = scanned.find(
        // Locally the report lands in <job>/<yyyy>/... (the bucket's reports/ prefix dropped, decision 18).
        (key) => key.includes(String(failedPlan.start.runId)) && key.startsWith('weekly/'),
      );
      expect(files.get(failedReport ?? '')).toContain('closed while reading leads');
      for (const name of Object.values(runCollections)) {
        const records = await collectionText(environment.dependencies.db.collection(name));
        expect(markers.findIn(records), name).toEqual([]);
      }
      expect(markers.findIn(inspect([failedBatch, failedPlan], { depth: 10 }))).toEqual([]);

      // Assess (not vacuous): the archive holds markers of the sessions the runs removed.
      const archive = [...files].filter(([key]) => key.startsWith('archive/')).map(([, text]) => text);
      expect(markers.findIn(archive.join('\n')).length).toBeGreaterThan(100);
    },
  );

  it('refuses a payload carrying a connection string without quoting it', async () => {
    // Act
    const attempt = run('daily', { dryRun: true, mongoUri: uriWithPassword() });

    // Assess
    const error = await attempt.then(
      () => null,
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(Error);
    expect(markers.findIn(inspect(error))).toEqual([]);
    expect(markers.findIn(printed.join(''))).toEqual([]);
  });

  it('fails to connect with a rejected password without the password in the error', async () => {
    // Act
    const error = await openLocalEnvironment({ mongoUri: uriWithPassword(), reportsDir, environment: {} }).then(
      (opened) => opened.close().then(() => null),
      (rejection: unknown) => rejection,
    );

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(markers.findIn(`${String(error)}\n${(error as Error).stack}\n${inspect(error, { depth: 10 })}`)).toEqual([]);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { runCollections } from '#shared/mongo/run-records.ts';
import { jsonLogLines, runCli, type CliOutcome } from './cli-process.ts';
import { readFile } from 'node:fs/promises';
import { collectionText, readTree, SecretMarkers, seedLeadsWithMarkers, type HandMadeLeads } from './secret-markers.ts';

/**
 * The whole local demo through the operator's command line, with secret markers planted in every cookie and storage
 * value: no marker may reach a log line, a printed summary, a report, a plan, an event or the HTML page. Only the
 * archive (the rollback store) may hold them, and the test checks that it does, so the scan is not vacuous.
 */
describe('the command line leaks no secret', () => {
  const markers = new SecretMarkers();
  const password = markers.secret('PASSWORD');
  let server: EmbeddedMongo;
  let client: MongoClient;
  let db: Db;
  let reportsDir: string;
  let uri: string;
  let markersBefore: Set<string>;
  let handMade: HandMadeLeads;

  beforeAll(async () => {
    server = await startEmbeddedMongo({ port: 0 });
    // The embedded server has no authentication: the connection string carries a marker in an option instead.
    uri = `mongodb://127.0.0.1:${server.port}/leaks_cli?appName=${markers.secret('APPNAME')}`;
    client = await new MongoClient(uri).connect();
    db = client.db();
    handMade = await seedLeadsWithMarkers(db.collection('leads'), markers, {
      seed: 23,
      leadCount: 250,
      now: new Date(),
    });
    markersBefore = new Set(markers.findIn(await collectionText(db.collection('leads'))));
    reportsDir = await mkdtemp(join(tmpdir(), 'lsm-leaks-cli-'));
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
    if (reportsDir) await rm(reportsDir, { recursive: true, force: true });
  });

  it('has every planted marker in the database before the runs', () => {
    // Assess
    expect(markers.planted.size).toBeGreaterThan(1000);
    expect(markersBefore.size).toBe(markers.planted.size);
  });

  it(
    'runs daily and weekly (dry and real), monthly, restore, report show, status and session export with no marker in any output, report, plan, event or run record',
    { timeout: 600_000 },
    async () => {
      // Prepare
      const environment = { MONGODB_URI: uri };
      const common = ['--reports-dir', reportsDir];
      const outcomes: CliOutcome[] = [];
      const cli = async (...args: string[]): Promise<CliOutcome> => {
        const outcome = await runCli([...args, ...common], environment);
        outcomes.push(outcome);
        return outcome;
      };

      // Act
      await cli('--dry-run', '--verbose');
      const daily = await cli('--verbose', '--json');
      const dailyRunId = (JSON.parse(daily.stdout) as { runId: string }).runId;
      const afterDaily = await collectionText(db.collection('leads'));
      await cli('--type', 'weekly', '--dry-run', '--verbose', '--json');
      const weekly = await cli('--type', 'weekly', '--verbose');
      const afterWeekly = await collectionText(db.collection('leads'));
      await cli('--type', 'monthly', '--verbose');
      const restore = await cli('restore', '--run', dailyRunId, '--verbose');
      const afterRestore = await collectionText(db.collection('leads'));
      await cli('report', 'show', '--job', 'monthly');
      await cli('report', 'show', '--job', 'daily', '--json');
      await cli('status');
      // Exporting a session writes its values, by design, to the file named: what it prints must not hold them.
      const exported = join(reportsDir, 'exported-session.json');
      const lead = handMade.everyRule;
      await cli('session', 'export', '--lead', lead.leadId, '--out', exported);
      const exportedText = await readFile(exported, 'utf8');
      await rm(exported);
      await cli('session', 'export', '--lead', lead.leadId, '--session', lead.compressedSessionId, '--out', exported);
      await rm(exported);
      const refusals = [
        await runCli(['session', 'export', '--lead', lead.leadId, '--session', lead.invalidSessionId], environment),
        await runCli(['session', 'export', '--lead', lead.leadId, '--session', lead.encryptedSessionId], environment),
      ];

      // Assess: every command worked and logged (the scan reads real output).
      for (const outcome of outcomes) expect(outcome.code, `${outcome.args.join(' ')}\n${outcome.stderr}`).toBe(0);
      const logLines = outcomes.flatMap((outcome) => jsonLogLines(outcome.stderr));
      expect(logLines.map((line) => line.message)).toEqual(
        expect.arrayContaining(['run started', 'run planned', 'batch processed', 'run finished']),
      );
      expect(weekly.stdout).toMatch(/weekly/);
      expect(restore.stdout).toMatch(/restored from run/);

      // Assess: no marker in anything printed.
      for (const outcome of outcomes) {
        expect(markers.findIn(outcome.stdout), `stdout of ${outcome.args.join(' ')}`).toEqual([]);
        expect(markers.findIn(outcome.stderr), `stderr of ${outcome.args.join(' ')}`).toEqual([]);
      }

      // Assess: no marker in any stored file but the archive; every kind of file was written and read.
      const files = await readTree(reportsDir);
      const scanned = [...files.keys()].filter((key) => !key.startsWith('archive/'));
      // The reports directory's layout: the bucket's keys without their leading "reports/".
      const kinds = ['daily/', 'weekly/', 'monthly/', 'latest/', 'plans/', 'events/'];
      expect(kinds.filter((prefix) => !scanned.some((key) => key.startsWith(prefix)))).toEqual([]);
      expect(scanned.some((key) => key.endsWith('.html'))).toBe(true);
      for (const key of scanned) expect(markers.findIn(files.get(key) as string), key).toEqual([]);

      // Assess: the run records (what `status` prints, with batch errors) hold no marker either.
      for (const name of Object.values(runCollections)) {
        expect(markers.findIn(await collectionText(db.collection(name))), name).toEqual([]);
      }

      // Assess (not vacuous): the archive holds the removed sessions' markers, from every rule that removes data.
      const archived = new Set<string>();
      for (const [key, text] of files) {
        if (key.startsWith('archive/')) for (const category of markers.categoriesIn(text)) archived.add(category);
      }
      expect([...archived].sort()).toEqual(
        expect.arrayContaining([
          'expired-current',
          'expired-current-history-copy',
          'expired-history',
          'generated',
          'invalid-cookie-without-name',
          'invalid-cookies-not-array',
          'invalid-current',
          'invalid-storage-not-object',
          'orphaned-created-at-string',
          'orphaned-no-session-id',
          'over-limit',
          'phantom',
          'weekly-duplicate-cookie',
          'weekly-expired-cookie',
          'weekly-repeated-entry',
        ]),
      );
      // The current session stays in the database; what daily removed is gone, and back after the restore.
      expect(markers.categoriesIn(afterDaily)).toContain('current');
      expect(markers.categoriesIn(afterDaily)).not.toContain('expired-history');
      expect(markers.categoriesIn(afterWeekly)).not.toContain('weekly-duplicate-cookie');
      expect(markers.categoriesIn(afterRestore)).toContain('expired-history');
      expect(markers.categoriesIn(exportedText)).toContain('current');

      // Assess: the sessions that cannot be exported are refused without quoting their values.
      for (const refusal of refusals) {
        expect(refusal.code).toBe(1);
        expect(refusal.stdout).toBe('');
        expect(refusal.stderr).toMatch(/cannot be (exported|restored)/);
        expect(markers.findIn(refusal.stderr)).toEqual([]);
      }
    },
  );

  it.each([
    // A run that starts and fails is 1 (its report says why); a URI that cannot be parsed is a configuration error, 4.
    {
      name: 'a password the server does not accept',
      uri: (port: number) => `mongodb://ops:@127.0.0.1:${port}/x`,
      code: 1,
    },
    { name: 'a port that is not a number', uri: () => `mongodb://ops:@127.0.0.1:notaport/x`, code: 4 },
    { name: 'an unknown option', uri: (port: number) => `mongodb://ops:@127.0.0.1:${port}/x?bogusOption=1`, code: 4 },
    { name: 'an unreachable server', uri: () => `mongodb://ops:@127.0.0.1:1/x?connectTimeoutMS=500`, code: 1 },
    { name: 'a wrong scheme', uri: () => `mongodbx://ops:@127.0.0.1/x`, code: 4 },
  ])('fails on $name without printing the password', { timeout: 60_000 }, async ({ uri: uriFor, code }) => {
    // Prepare
    const badUri = uriFor(server.port).replace('ops:@', `ops:${password}@`);

    // Act
    const outcome = await runCli(['--verbose', '--reports-dir', reportsDir], { MONGODB_URI: badUri });

    // Assess
    expect(outcome.code, outcome.stderr).toBe(code);
    expect(outcome.stderr).toMatch(/^error: /m);
    expect(markers.findIn(outcome.stdout + outcome.stderr)).toEqual([]);
  });

  it('fails on a bad setting without printing the connection string', async () => {
    // Act
    const outcome = await runCli(['--reports-dir', reportsDir], {
      MONGODB_URI: `mongodb://ops:${password}@127.0.0.1:${server.port}/x`,
      SESSION_EXPIRY_DAYS: '0',
    });

    // Assess
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(/SESSION_EXPIRY_DAYS/);
    expect(markers.findIn(outcome.stdout + outcome.stderr)).toEqual([]);
  });
});

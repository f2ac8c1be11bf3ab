import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliOutcome } from '../security/cli-process.ts';

/** The command line as an operator meets it when something is wrong: one way to say it, one code per kind. */
let reportsDir: string;
const password = 'pw-never-printed-7781';

beforeAll(async () => {
  reportsDir = await mkdtemp(join(tmpdir(), 'cli-failures-'));
});
afterAll(async () => {
  await rm(reportsDir, { recursive: true, force: true });
});

const errorLines = (outcome: CliOutcome): string[] => outcome.stderr.split('\n').filter((line) => line !== '');

describe('a run against a database that cannot be reached', () => {
  it(
    'fails with the cause in words, leaves its report, and never prints the password',
    { timeout: 60_000 },
    async () => {
      // Act
      const started = performance.now();
      const outcome = await runCli(['--reports-dir', reportsDir], {
        MONGODB_URI: `mongodb://ops:${password}@127.0.0.1:1/app`,
      });
      const elapsedMs = performance.now() - started;

      // Assess
      expect(outcome.code, outcome.stderr).toBe(1);
      const [line] = errorLines(outcome);
      expect(line).toMatch(
        /^error: run daily-manual-\S+ failed: cannot reach MongoDB at 127\.0\.0\.1:1 \(MONGODB_URI\): connection refused/,
      );
      expect(outcome.stdout + outcome.stderr).not.toContain(password);
      const reportPath = /report: (\S+\.json)/.exec(outcome.stdout)?.[1] as string;
      const report = JSON.parse(await readFile(reportPath, 'utf8')) as Record<string, unknown>;
      expect(report.status).toBe('FAILED');
      expect(report.failure).toMatch(/cannot reach MongoDB at 127\.0\.0\.1:1/);
      expect(report.runRecordNotWritten).toMatch(/cannot reach MongoDB/);
      // A refused port fails at once (connectOrExplain's probes); the time is the process's (unreachable-database.test.ts bounds it).
      console.info(`unreachable database: failed in ${Math.round(elapsedMs)} ms`);
    },
  );

  it('prints the failed run summary with its cause under --json', { timeout: 60_000 }, async () => {
    // Act
    const outcome = await runCli(['--json', '--dry-run', '--reports-dir', reportsDir], {
      MONGODB_URI: 'mongodb://nohost.invalid:27017/app',
    });

    // Assess
    expect(outcome.code).toBe(1);
    const summary = JSON.parse(outcome.stdout) as { status: string; failure: string; reportKey: string };
    expect(summary.status).toBe('FAILED');
    // The JSON keeps the cause whole, the error's class name included; the error line gives people the message.
    expect(summary.failure).toMatch(
      /^\w+Error: cannot reach MongoDB at nohost\.invalid:27017 \(MONGODB_URI\): host not found/,
    );
    expect(summary.reportKey).toMatch(/^reports\/daily\//);
    expect(errorLines(outcome)).toEqual([
      expect.stringMatching(
        /^error: run \S+ failed: cannot reach MongoDB at nohost\.invalid:27017 \(MONGODB_URI\): host not found/,
      ),
    ]);
  });
});

describe('exit codes', () => {
  it.each([
    {
      name: 'a bad BATCH_SIZE is a configuration error naming the range',
      args: [],
      environment: { BATCH_SIZE: 'abc' },
      code: 4,
      lines: ['error: BATCH_SIZE="abc" is not accepted: expected a whole number from 10 to 10000'],
    },
    {
      name: 'every bad variable is named at once, with every accepted spelling',
      args: [],
      environment: { BATCH_SIZE: '5', SESSION_CLEANUP_ENABLED: 'maybe' },
      code: 4,
      lines: [
        'error: SESSION_CLEANUP_ENABLED="maybe" is not accepted: expected one of true, false, 1, 0, yes, no (in any case)',
        'error: BATCH_SIZE=5 is out of range: expected a whole number from 10 to 10000',
      ],
    },
    {
      name: 'a MONGODB_URI the driver cannot parse is a configuration error without its value',
      args: [],
      environment: { MONGODB_URI: `mongodbx://ops:${password}@127.0.0.1/x` },
      code: 4,
      lines: [expect.stringMatching(/^error: MONGODB_URI is not accepted \(value hidden/)],
    },
    {
      name: 'a flag error is a usage error',
      args: ['--batch-size', '5'],
      environment: {},
      code: 2,
      lines: [expect.stringMatching(/^error: --batch-size 5 is out of range/)],
    },
    {
      name: 'a missing AWS region names --region and AWS_REGION',
      args: ['status', '--remote'],
      environment: {
        AWS_REGION: undefined,
        AWS_DEFAULT_REGION: undefined,
        AWS_PROFILE: undefined,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      code: 4,
      lines: [expect.stringMatching(/^error: no AWS region: pass --region R .* or set AWS_REGION/)],
    },
  ])('$name', { timeout: 60_000 }, async ({ args, environment, code, lines }) => {
    // Act
    const outcome = await runCli([...args, '--reports-dir', reportsDir], environment);

    // Assess
    expect(outcome.code, outcome.stderr).toBe(code);
    expect(errorLines(outcome)).toEqual(lines);
    expect(outcome.stdout + outcome.stderr).not.toContain(password);
  });
});

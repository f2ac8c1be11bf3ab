import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '#local/cli/dispatch.ts';
import { collectingIo } from './support/fake-stack.ts';

// The local counterpart of status --remote: the same schedule lines, from the stack's settings.
let dataDir: string;
let reportsDir: string;
let realRunIds: string[];
let dryRunIds: string[];

async function cli(argv: string[], environment: Record<string, string> = {}) {
  const output = collectingIo();
  const code = await runCli([...argv, '--data-dir', dataDir], {
    io: output.io,
    environment,
    now: new Date('2026-11-29T02:47:00.000Z'),
  });
  return { code, stdout: output.stdout() };
}

/** Runs a daily job through the command line (which prints a run's summary on the process's stdout). */
async function runJob(argv: string[]): Promise<string> {
  const printed: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((text) => printed.push(String(text)) > 0);
  try {
    const { code } = await cli(['--json', '--reports-dir', reportsDir, ...argv]);
    expect(code).toBe(0);
  } finally {
    write.mockRestore();
  }
  return (JSON.parse(printed.join('')) as { runId: string }).runId;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'local-status-'));
  reportsDir = await mkdtemp(join(tmpdir(), 'local-status-reports-'));
  // Prepare: on an empty database, two real daily runs and two dry runs, interleaved, newest last.
  realRunIds = [];
  dryRunIds = [];
  realRunIds.push(await runJob([]));
  dryRunIds.push(await runJob(['--dry-run']));
  realRunIds.push(await runJob([]));
  dryRunIds.push(await runJob(['--dry-run']));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(reportsDir, { recursive: true, force: true });
});

describe('status (local)', () => {
  it('names the database it read: the embedded data folder, not a server address', async () => {
    const { code, stdout } = await cli(['status']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(`database: embedded database in ${dataDir} (database lead_session_demo)`);
    expect(stdout).not.toMatch(/mongodb:\/\/127\.0\.0\.1/);
  });

  it('lists the schedules the stack deploys with their next runs', async () => {
    const { stdout } = await cli(['status']);
    expect(stdout).toContain(
      '  daily    ENABLED   cron(0 2 * * ? *)      next 2026-11-30T02:00Z, 2026-12-01T02:00Z, 2026-12-02T02:00Z',
    );
    expect(stdout).toContain(
      '  weekly   ENABLED   cron(0 3 ? * SUN *)    next 2026-11-29T03:00Z, 2026-12-06T03:00Z, 2026-12-13T03:00Z',
    );
  });

  it('keeps real runs apart from dry runs, newest first', async () => {
    const { stdout } = await cli(['status']);
    const daily = stdout.slice(stdout.indexOf('daily: no lease held'), stdout.indexOf('weekly: '));
    const [real, dry] = daily.split('  last 3 dry runs:');
    expect(real).toContain('  last 3 runs:');
    expect(real?.indexOf(realRunIds[1] as string)).toBeLessThan(real?.indexOf(realRunIds[0] as string) ?? -1);
    for (const id of dryRunIds) expect(real).not.toContain(id);
    for (const id of dryRunIds) expect(dry).toContain(`${id} (dry run)`);
    for (const id of realRunIds) expect(dry).not.toContain(id);
    expect(stdout).toContain('weekly: no lease held\n  last 3 runs: none\n  last 3 dry runs: none');
  });

  it('shows as many runs of each kind as --limit asks', async () => {
    const { stdout } = await cli(['status', '--limit', '1']);
    expect(stdout).toContain('  last 1 runs:');
    expect(stdout).toContain(realRunIds[1]);
    expect(stdout).not.toContain(realRunIds[0]);
    expect(stdout).toContain(dryRunIds[1]);
    expect(stdout).not.toContain(dryRunIds[0]);
  });

  it('shows no next runs for a disabled schedule', async () => {
    const { stdout } = await cli(['status'], { SESSION_CLEANUP_ENABLED: 'false' });
    expect(stdout).toContain('  monthly  DISABLED  cron(0 4 1 * ? *)      no next run (disabled)');
    expect(stdout).not.toContain('ENABLED ');
    expect(stdout).not.toMatch(/DISABLED .* next 20/);
  });

  it('separates the two kinds in --json too', async () => {
    const { stdout } = await cli(['status', '--json']);
    const daily = (
      JSON.parse(stdout) as { jobs: { job: string; lastRuns: { runId: string }[]; lastDryRuns: { runId: string }[] }[] }
    ).jobs.find((job) => job.job === 'daily');
    expect(daily?.lastRuns.map((run) => run.runId)).toEqual([...realRunIds].reverse());
    expect(daily?.lastDryRuns.map((run) => run.runId)).toEqual([...dryRunIds].reverse());
  });
});

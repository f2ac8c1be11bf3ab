import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '#local/cli/dispatch.ts';
import { collectingIo } from './support/fake-stack.ts';

// The local counterpart of status --remote: the same schedule lines, from the stack's settings.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'local-status-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

async function status(environment: Record<string, string>) {
  const output = collectingIo();
  const code = await runCli(['status', '--data-dir', dataDir], {
    io: output.io,
    environment,
    now: new Date('2026-11-29T02:47:00.000Z'),
  });
  return { code, stdout: output.stdout() };
}

describe('status (local)', () => {
  it('lists the schedules the stack deploys with their next runs, then the runs and leases of each job', async () => {
    const { code, stdout } = await status({});
    expect(code).toBe(0);
    expect(stdout).toContain(
      '  daily    ENABLED   cron(0 2 * * ? *)      next 2026-11-30T02:00Z, 2026-12-01T02:00Z, 2026-12-02T02:00Z',
    );
    expect(stdout).toContain(
      '  weekly   ENABLED   cron(0 3 ? * SUN *)    next 2026-11-29T03:00Z, 2026-12-06T03:00Z, 2026-12-13T03:00Z',
    );
    expect(stdout).toContain('daily: no lease held\n  no runs yet');
  });

  it('shows the schedules as disabled when SESSION_CLEANUP_ENABLED=false', async () => {
    const { stdout } = await status({ SESSION_CLEANUP_ENABLED: 'false' });
    expect(stdout).toContain('  monthly  DISABLED  cron(0 4 1 * ? *)');
    expect(stdout).not.toContain('ENABLED ');
  });
});

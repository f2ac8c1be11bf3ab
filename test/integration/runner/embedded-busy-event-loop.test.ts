import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLocalEnvironment } from '#local/runner/local-environment.ts';

/** Keeps the event loop busy the way synchronous work does (synthesizing the definition on a loaded machine). */
function blockEventLoop(milliseconds: number): void {
  const until = Date.now() + milliseconds;
  while (Date.now() < until) {
    // busy on purpose: nothing else in this process (the embedded server included) may run meanwhile
  }
}

describe('the embedded database on a busy event loop', () => {
  it('still connects when synchronous work holds the loop longer than the driver default selection timeout', async () => {
    const reportsDir = await mkdtemp(join(tmpdir(), 'lsm-busy-loop-'));
    const environment = await openLocalEnvironment({ mongoUri: null, reportsDir, connect: 'on first use' });
    try {
      // Connecting starts before the synchronous work, as the run command does; the in-process server cannot
      // answer the handshake until the loop is free again, which used to fail with "Server selection timed out".
      const connecting = environment.connected();
      blockEventLoop(6_000);
      await expect(connecting).resolves.toBeUndefined();
      const ping = await environment.dependencies.db.command({ ping: 1 });
      expect(ping.ok).toBe(1);
    } finally {
      await environment.close();
      await rm(reportsDir, { recursive: true, force: true });
    }
  }, 30_000);
});

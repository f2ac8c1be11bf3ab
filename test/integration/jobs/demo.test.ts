import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo } from '#local/demo/run-demo.ts';

describe('the demo', () => {
  it('adds up: sessions before minus removed equals after, and bytes saved equal the difference in the database', async () => {
    const reportsDir = await mkdtemp(join(tmpdir(), 'lsm-demo-'));
    try {
      const result = await runDemo({ leadCount: 600, seed: 99, reportsDir, mongoUri: null });
      const daily = result.runs.daily.execution?.output;
      const weekly = result.runs.weekly.execution?.output;
      expect(daily?.status).toBe('COMPLETED');
      expect(weekly?.status).toBe('COMPLETED');
      expect(result.runs.monthly.execution?.output?.status).toBe('COMPLETED');
      expect(result.afterDaily.sessions).toBe(result.before.sessions - (daily?.headline.sessionsRemoved ?? NaN));
      expect(result.after.sessions).toBe(result.afterDaily.sessions);
      expect(weekly?.headline.bytesSaved).toBe(result.afterDaily.documentBytes - result.after.documentBytes);
      expect(weekly?.headline.sessionsCompressed).toBe(result.after.compressedSessions);
      expect(result.monthlyHtmlPath).toMatch(/\.html$/);
      console.log(
        `demo: ${result.before.sessions} sessions -> ${result.afterDaily.sessions} after daily; ${weekly?.headline.sessionsCompressed} compressed, ` +
          `${result.afterDaily.documentBytes} -> ${result.after.documentBytes} bytes`,
      );
    } finally {
      await rm(reportsDir, { recursive: true, force: true });
    }
  });
});

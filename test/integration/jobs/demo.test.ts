import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DemoProgress } from '#local/demo/progress.ts';
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
      // Local reports: <reportsDir>/<job>/<yyyy>/<mm>/<dd>/<runId>.html, no second "reports" folder.
      expect(result.monthlyHtmlPath).toMatch(new RegExp(`^${reportsDir}/monthly/\\d{4}/\\d{2}/\\d{2}/[^/]+\\.html$`));
      console.log(
        `demo: ${result.before.sessions} sessions -> ${result.afterDaily.sessions} after daily; ${weekly?.headline.sessionsCompressed} compressed, ` +
          `${result.afterDaily.documentBytes} -> ${result.after.documentBytes} bytes`,
      );
    } finally {
      await rm(reportsDir, { recursive: true, force: true });
    }
  });

  it('reports its progress, names the data folder, and says before it wipes an earlier demo database', async () => {
    const workDirectory = await mkdtemp(join(tmpdir(), 'lsm-demo-progress-'));
    const dataDir = join(workDirectory, 'data');
    const reportsDir = join(workDirectory, 'reports');
    try {
      // Prepare: a first demo leaves its database in the data folder.
      const first: DemoProgress[] = [];
      const run = (leadCount: number, events: DemoProgress[]) =>
        runDemo({ leadCount, seed: 7, reportsDir, mongoUri: null, dataDir, onProgress: (event) => events.push(event) });
      const firstResult = await run(120, first);

      // Act: a second demo on the same folder.
      const second: DemoProgress[] = [];
      await run(30, second);

      // Assess
      expect(first.some((event) => event.kind === 'wiping')).toBe(false);
      expect(first.filter((event) => event.kind === 'seeding').at(-1)).toEqual({
        kind: 'seeding',
        done: 120,
        total: 120,
      });
      for (const job of ['daily', 'weekly', 'monthly']) {
        const planned = first.find((event) => event.kind === 'planned' && event.job === job);
        const batches = first.filter((event) => event.kind === 'batch' && event.job === job);
        expect(planned).toBeDefined();
        expect(batches.length).toBe(planned?.kind === 'planned' ? planned.batches : NaN);
      }
      expect(firstResult.databaseDescription).toBe(`embedded database in ${dataDir} (database lead_session_demo)`);
      expect(firstResult.databaseDescription).not.toContain('mongodb://');
      expect(second[0]).toEqual({ kind: 'wiping', leads: 120, database: firstResult.databaseDescription });
      expect(second.findIndex((event) => event.kind === 'seeding')).toBeGreaterThan(0);
      expect(firstResult.monthlyHtmlPath?.startsWith(`${reportsDir}${sep}monthly${sep}`)).toBe(true);
    } finally {
      await rm(workDirectory, { recursive: true, force: true });
    }
  });
});

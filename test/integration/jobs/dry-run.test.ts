import { gunzipSync } from 'node:zlib';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchives } from '#shared/jobs/archive.ts';
import type { RunReport } from '#shared/jobs/run-report.ts';
import { getJson } from '#shared/storage/json-objects.ts';
import { databaseDigest, startLocalStack, type LocalStack } from '../../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ leadCount: 400 });
});
afterAll(async () => {
  await stack.close();
});

interface PlanFile {
  leads: { leadId: string; changes: { reason: string; sessionId: string | null }[] }[];
}

async function plannedChanges(runId: string): Promise<string[]> {
  const folder = join(stack.reportsDir, 'plans', runId);
  const changes: string[] = [];
  for (const file of await readdir(folder)) {
    const plan = JSON.parse(gunzipSync(await readFile(join(folder, file))).toString('utf8')) as PlanFile;
    for (const lead of plan.leads)
      for (const change of lead.changes) changes.push(`${lead.leadId}:${change.reason}:${change.sessionId}`);
  }
  return changes.sort();
}

describe.each(['daily', 'weekly'] as const)('%s dry run', (job) => {
  it('changes nothing in the database, and the real run that follows does exactly what the plan said', async () => {
    const before = await databaseDigest(stack.leads);
    const dry = await stack.run(job, { dryRun: true });
    expect(dry.execution?.status).toBe('SUCCEEDED');
    expect(await databaseDigest(stack.leads)).toBe(before);
    const planned = await plannedChanges(dry.start.runId as string);
    expect(planned.length).toBeGreaterThan(0);

    const real = await stack.run(job, {});
    const report = await getJson<RunReport>(stack.environment.store, real.execution?.output?.reportKey as string);
    expect(report?.status).toBe('COMPLETED');
    const archived = (await readArchives(stack.environment.store, real.start.runId as string))
      .flatMap((archive) => archive.changes)
      .map((change) => `${change.leadId}:${change.reason}:${change.sessionId}`);
    if (job === 'daily') {
      expect(archived.sort()).toEqual(planned);
      expect(report?.counts.missed).toBeUndefined();
    } else {
      const compressed = planned.filter((change) => change.includes(':compress:')).length;
      expect(report?.counts.sessionsCompressed).toBe(compressed);
      expect(new Set(archived).size).toBeLessThanOrEqual(planned.length);
      expect(archived.every((change) => planned.includes(change))).toBe(true);
    }
    expect(await databaseDigest(stack.leads)).not.toBe(before);
  });
});

describe('monthly dry run', () => {
  it('reads only: the database is unchanged', async () => {
    const before = await databaseDigest(stack.leads);
    const run = await stack.run('monthly', { dryRun: true });
    expect(run.execution?.output?.status).toBe('COMPLETED');
    expect(await databaseDigest(stack.leads)).toBe(before);
  });
});

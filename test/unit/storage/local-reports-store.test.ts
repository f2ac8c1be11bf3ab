import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveKey, latestReportHtmlKey, monthlyReportPrefix, planKey, reportKey } from '#shared/storage/keys.ts';
import { createLocalReportsStore, keyOfLocalPath, localPathOfKey } from '#shared/storage/local-reports-store.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';

let root: string;
let store: ObjectStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'local-reports-store-'));
  store = createLocalReportsStore(root);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const startedAt = new Date('2026-11-29T02:00:00Z');

describe('the reports directory layout', () => {
  it('puts a report at <dir>/<job>/<yyyy>/<mm>/<dd>/<runId>.json, without a second "reports" folder', async () => {
    // Act
    await store.put(reportKey('daily', 'daily-20261129T020000Z', startedAt), '{"ok":true}');

    // Assess
    const file = join(root, 'daily', '2026', '11', '29', 'daily-20261129T020000Z.json');
    expect(await readFile(file, 'utf8')).toBe('{"ok":true}');
    expect(await readdir(root)).toEqual(['daily']);
  });

  it('keeps plans, the archive and latest reports beside the job folders', async () => {
    // Act
    await store.put(planKey('run-1', 0), 'plan');
    await store.put(archiveKey('run-1', 0), 'archive');
    await store.put(latestReportHtmlKey('monthly'), '<html></html>');

    // Assess
    expect((await readdir(root)).sort()).toEqual(['archive', 'latest', 'plans']);
    expect(await store.locate(latestReportHtmlKey('monthly'))).toBe(join(root, 'latest', 'monthly.html'));
  });

  it('reads and lists by the bucket’s keys, so report show and restore find what runs wrote', async () => {
    // Prepare
    const october = reportKey('monthly', 'monthly-20261001T040000Z', new Date('2026-10-01T04:00:00Z'));
    const november = reportKey('monthly', 'monthly-20261101T040000Z', new Date('2026-11-01T04:00:00Z'));
    for (const key of [october, november, archiveKey('run-1', 1), archiveKey('run-1', 0), planKey('run-1', 0)])
      await store.put(key, key);

    // Act
    const monthly = await store.list(monthlyReportPrefix(2026, 11));
    const archived = await store.list('archive/run-1/');
    const everything = await store.list('');

    // Assess
    expect(monthly).toEqual([november]);
    expect(archived).toEqual([archiveKey('run-1', 0), archiveKey('run-1', 1)]);
    expect(everything).toEqual([
      archiveKey('run-1', 0),
      archiveKey('run-1', 1),
      planKey('run-1', 0),
      october,
      november,
    ]);
    expect(Buffer.from((await store.get(october)) ?? []).toString()).toBe(october);
  });

  it('lists by a prefix that is shorter than a folder name', async () => {
    // Prepare
    await store.put(reportKey('daily', 'run-2', startedAt), 'x');
    await store.put('events/run-2.json', 'x');

    // Act / Assess
    expect(await store.list('rep')).toEqual(['reports/daily/2026/11/29/run-2.json']);
    expect(await store.list('ev')).toEqual(['events/run-2.json']);
  });

  it.each([
    ['reports/plans/run-1/batch-00000.json.gz', 'has no place in the reports directory'],
    ['daily/2026/11/29/run.json', 'would collide with the reports of the daily folder'],
  ])('refuses the key %j, which would share a file with another key', (key, message) => {
    expect(() => localPathOfKey(key)).toThrow(message);
  });

  it('maps every key it accepts back to itself', () => {
    const keys = [
      reportKey('weekly', 'w-1', startedAt),
      latestReportHtmlKey('daily'),
      planKey('p-1', 3),
      archiveKey('a-1', 4),
      'events/e-1.json',
    ];
    expect(keys.map((key) => keyOfLocalPath(localPathOfKey(key)))).toEqual(keys);
  });
});

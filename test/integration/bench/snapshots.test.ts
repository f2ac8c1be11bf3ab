import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureSnapshot } from '../../../bench/support/snapshots.ts';

const now = new Date('2026-11-28T02:00:00.000Z');
const root = await mkdtemp(join(tmpdir(), 'lsm-bench-snapshots-'));
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('bench snapshots (--snapshot-dir)', () => {
  it('reuses a snapshot of the same generator, and seeds a stale one again instead of colliding with it', async () => {
    const first = await ensureSnapshot(root, 7, 12, now);
    expect(first.reused).toBe(false);
    expect(first.corpus.leads).toBe(12);
    const again = await ensureSnapshot(root, 7, 12, now);
    expect(again.reused).toBe(true);

    // A snapshot seeded by another version of the generator: its documents are in the data folder already.
    const manifestPath = join(first.directory, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
    await writeFile(manifestPath, JSON.stringify({ ...manifest, generator: 'an-older-generator' }));
    const reseeded = await ensureSnapshot(root, 7, 12, now);
    expect(reseeded.reused).toBe(false);
    const { seedMs: _firstSeedMs, ...firstCorpus } = first.corpus;
    const { seedMs: _reseededMs, ...reseededCorpus } = reseeded.corpus;
    expect(reseededCorpus).toEqual(firstCorpus);
  }, 120_000);
});

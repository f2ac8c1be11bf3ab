import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runWorker } from './child-process.ts';
import type { CorpusFigures } from './seed-corpus.ts';
import type { SeedConfig } from './seed-snapshot.ts';

/** The database every bench run works in (the app's collection name, `leads`). */
export const benchDatabase = 'bench';

export interface Snapshot {
  readonly directory: string;
  readonly seed: number;
  readonly leads: number;
  readonly now: string;
  readonly corpus: CorpusFigures;
  /** True when an earlier run's snapshot was reused (`--snapshot-dir`). */
  readonly reused: boolean;
}

const repoRoot = join(import.meta.dirname, '..', '..');

/** A digest of the generator's sources: a snapshot seeded by another version of the generator is not reused. */
function generatorVersion(): string {
  const directory = join(repoRoot, 'shared', 'generator');
  const files = readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .sort();
  const hash = createHash('sha256');
  for (const file of files)
    hash.update(relative(repoRoot, join(directory, file))).update(readFileSync(join(directory, file)));
  return hash.digest('hex').slice(0, 16);
}

interface Manifest {
  readonly seed: number;
  readonly leads: number;
  readonly now: string;
  readonly generator: string;
  readonly corpus: CorpusFigures;
}

/** Seeds (or reuses) the snapshot of `leads` generated leads under `root`. */
export async function ensureSnapshot(root: string, seed: number, leads: number, now: Date): Promise<Snapshot> {
  const directory = join(root, `seed-${String(seed)}-leads-${String(leads)}`);
  const manifestPath = join(directory, 'manifest.json');
  const wanted = { seed, leads, now: now.toISOString(), generator: generatorVersion() };
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    const same =
      manifest.seed === seed &&
      manifest.leads === leads &&
      manifest.now === wanted.now &&
      manifest.generator === wanted.generator;
    if (same) return { directory, seed, leads, now: wanted.now, corpus: manifest.corpus, reused: true };
  }
  // A snapshot of another generator version, reference time or seed, or one whose seeding stopped half-way (no
  // manifest): seeding into its data would collide with the documents already there (duplicate _id).
  if (existsSync(directory)) {
    process.stderr.write(`snapshot ${directory} is stale or incomplete: seeding it again\n`);
    rmSync(directory, { recursive: true, force: true });
  }
  mkdirSync(directory, { recursive: true });
  const config: SeedConfig = {
    dataDir: join(directory, 'data'),
    database: benchDatabase,
    seed,
    leads,
    now: wanted.now,
  };
  const corpus = await runWorker<CorpusFigures>(join(import.meta.dirname, 'seed-snapshot.ts'), [
    JSON.stringify(config),
  ]);
  writeFileSync(manifestPath, `${JSON.stringify({ ...wanted, corpus } satisfies Manifest, null, 2)}\n`);
  return { directory, seed, leads, now: wanted.now, corpus, reused: false };
}

/**
 * A data directory for one run: hard links to the snapshot's files, as database `database`. The server loads them
 * and is killed, never stopped, so nothing is written; even a save would replace the links (write then rename), not
 * the snapshot.
 */
export function linkRunDirectory(snapshot: Snapshot, runDirectory: string, database = benchDatabase): string {
  const source = join(snapshot.directory, 'data', benchDatabase);
  const target = join(runDirectory, database);
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(source)) linkSync(join(source, file), join(target, file));
  return runDirectory;
}

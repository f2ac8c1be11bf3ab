import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a cache file whole or not at all: beside it first, then renamed, so that a concurrent reader sees the whole
 * file or none. Returns false where it cannot write (a read-only checkout): a cache is an optimisation, never a
 * requirement.
 */
export function writeCacheFile(path: string, text: string): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, text);
    renameSync(partial, path);
    return true;
  } catch {
    return false;
  }
}

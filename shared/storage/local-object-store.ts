import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { assertKeyIsSafe, assertPrefixIsSafe, compareKeys, keyIsSafe } from './object-store.ts';
import type { ObjectStore } from './object-store.ts';

/** Suffix of a write in progress: `<file>.<uuid>.partial`. Listings skip these; a crash can leave one behind. */
const partialWritePattern = /\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.partial$/;

/** Errors of a read whose path is not a file: absent, a directory, or under a file. S3 just has no such key. */
const notAFileCodes = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

/**
 * An {@link ObjectStore} in a directory (the demo and local runs): key `a/b.json` is the file `<root>/a/b.json`.
 * Writes go to a temporary file that is then renamed over the target, so a reader (or a crash) never sees half a
 * report. Content type and encoding are not stored: the file name says what the file is.
 */
export function createLocalObjectStore(rootDirectory: string): ObjectStore {
  const root = resolve(rootDirectory);

  function pathOf(key: string): string {
    assertKeyIsSafe(key);
    return join(root, ...key.split('/'));
  }

  return {
    description: root,

    async put(key, body) {
      const path = pathOf(key);
      const partial = `${path}.${randomUUID()}.partial`;
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(partial, body);
        await rename(partial, path);
      } catch (error) {
        await rm(partial, { force: true });
        throw new Error(`could not write object ${key} in ${root}: ${messageOf(error)}`, { cause: error });
      }
    },

    async get(key) {
      const path = pathOf(key);
      try {
        return await readFile(path);
      } catch (error) {
        if (notAFileCodes.has(codeOf(error))) return null;
        throw new Error(`could not read object ${key} in ${root}: ${messageOf(error)}`, { cause: error });
      }
    },

    async list(prefix) {
      assertPrefixIsSafe(prefix);
      // Only the deepest directory the prefix names can hold matching files: walk that one, not the whole root.
      const directory = join(root, ...prefix.split('/').slice(0, -1));
      let entries;
      try {
        entries = await readdir(directory, { recursive: true, withFileTypes: true });
      } catch (error) {
        if (notAFileCodes.has(codeOf(error))) return [];
        throw new Error(`could not list ${JSON.stringify(prefix)} in ${root}: ${messageOf(error)}`, { cause: error });
      }
      return entries
        .filter((entry) => entry.isFile() && !partialWritePattern.test(entry.name))
        .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
        .filter((key) => key.startsWith(prefix) && keyIsSafe(key))
        .sort(compareKeys);
    },

    async locate(key) {
      return pathOf(key);
    },
  };
}

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The snapshot files of a data directory, read without the server: `<db>/<collection>.bson` (the stored documents,
 * back to back) and `<db>/<collection>.meta.json`. Only Node's file system here: the demo counts and removes its
 * earlier snapshot before it starts the server.
 */
import { access, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const documentsSuffix = '.bson';
export const metaSuffix = '.meta.json';

/**
 * How many documents a snapshot in `dataDir` holds for `database.collection` (0 when there is none), without
 * loading it: each stored document starts with its length, so counting hops from one length to the next.
 */
export async function countPersistedDocuments(dataDir: string, database: string, collection: string): Promise<number> {
  const base = join(dataDir, encodeURIComponent(database), encodeURIComponent(collection));
  let bytes: Buffer;
  try {
    await access(base + metaSuffix);
    bytes = await readFile(base + documentsSuffix);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let count = 0;
  for (let offset = 0; offset < bytes.length; count++) {
    const size = offset + 4 <= bytes.length ? bytes.readInt32LE(offset) : 0;
    if (size < 5 || offset + size > bytes.length) throw new Error(`${base + documentsSuffix}: truncated document`);
    offset += size;
  }
  return count;
}

/** Deletes a database's snapshot files from `dataDir` (before a server loads them: nothing of it is decoded). */
export async function removePersistedDatabase(dataDir: string, database: string): Promise<void> {
  await rm(join(dataDir, encodeURIComponent(database)), { recursive: true, force: true });
}

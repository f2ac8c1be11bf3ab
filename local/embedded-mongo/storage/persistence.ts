/**
 * Snapshots of the catalog in a data directory: per collection, `<db>/<collection>.bson` (the stored documents,
 * back to back, exactly as stored) and `<db>/<collection>.meta.json` (options and index specs, canonical EJSON).
 * Every file is written to a temporary name and renamed, so a crash never leaves a half-written snapshot.
 */
import { access, mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EJSON } from 'bson';
import type { Catalog } from './catalog.ts';
import { Collection } from './collection.ts';
import { type IndexSpec, indexDocument, parseIndexSpec } from './index-catalog.ts';

const documentsSuffix = '.bson';
const metaSuffix = '.meta.json';
const readChunkBytes = 64 * 1024 * 1024;

interface CollectionMeta {
  readonly options: Record<string, unknown>;
  readonly indexes: Record<string, unknown>[];
}

async function writeAtomically(path: string, write: (temporaryPath: string) => Promise<void>): Promise<void> {
  const temporaryPath = `${path}.tmp-${String(process.pid)}`;
  await write(temporaryPath);
  await rename(temporaryPath, path);
}

async function writeDocuments(path: string, collection: Collection): Promise<void> {
  await writeAtomically(path, async (temporaryPath) => {
    const handle = await open(temporaryPath, 'w');
    try {
      let pending: Buffer[] = [];
      for (const document of collection.scan()) {
        pending.push(document.raw);
        if (pending.length === 1000) {
          await handle.writev(pending);
          pending = [];
        }
      }
      if (pending.length > 0) await handle.writev(pending);
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/** Writes changed collections and removes the files of dropped ones. */
export async function saveSnapshot(catalog: Catalog, dataDir: string): Promise<void> {
  const kept = new Set<string>();
  await mkdir(dataDir, { recursive: true });
  for (const database of catalog.databaseNames()) {
    const directory = join(dataDir, encodeURIComponent(database));
    await mkdir(directory, { recursive: true });
    for (const collection of catalog.collections(database)) {
      const base = join(directory, encodeURIComponent(collection.name));
      kept.add(base);
      if (!collection.dirty) continue;
      await writeDocuments(base + documentsSuffix, collection);
      const meta: CollectionMeta = {
        options: collection.options,
        indexes: collection.indexes.list().slice(1).map(indexDocument),
      };
      await writeAtomically(base + metaSuffix, (temporaryPath) =>
        writeFile(temporaryPath, EJSON.stringify(meta, { relaxed: false })),
      );
      collection.dirty = false;
    }
  }
  await removeStaleFiles(dataDir, kept);
  catalog.dropsSinceSave = false;
}

async function removeStaleFiles(dataDir: string, kept: ReadonlySet<string>): Promise<void> {
  for (const database of await readdir(dataDir, { withFileTypes: true })) {
    if (!database.isDirectory()) continue;
    const directory = join(dataDir, database.name);
    for (const file of await readdir(directory)) {
      const base = file.endsWith(documentsSuffix)
        ? file.slice(0, -documentsSuffix.length)
        : file.endsWith(metaSuffix)
          ? file.slice(0, -metaSuffix.length)
          : undefined;
      if (base !== undefined && !kept.has(join(directory, base))) await rm(join(directory, file), { force: true });
    }
  }
}

async function* readDocuments(path: string): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    let carry = Buffer.alloc(0);
    for (;;) {
      const chunk = Buffer.allocUnsafe(readChunkBytes);
      const { bytesRead } = await handle.read(chunk, 0, readChunkBytes, null);
      if (bytesRead === 0) break;
      let buffer =
        carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      let offset = 0;
      while (buffer.length - offset >= 4 && buffer.length - offset >= buffer.readInt32LE(offset)) {
        const size = buffer.readInt32LE(offset);
        yield Buffer.from(buffer.subarray(offset, offset + size));
        offset += size;
      }
      carry = Buffer.from(buffer.subarray(offset));
      buffer = Buffer.alloc(0);
    }
    if (carry.length > 0) throw new Error(`${path}: truncated document at end of file`);
  } finally {
    await handle.close();
  }
}

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

/** Loads every collection found under `dataDir` (a missing directory is an empty catalog). */
export async function loadSnapshot(catalog: Catalog, dataDir: string): Promise<void> {
  const databases = await readdir(dataDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  for (const database of databases) {
    if (!database.isDirectory()) continue;
    const directory = join(dataDir, database.name);
    for (const file of await readdir(directory)) {
      if (!file.endsWith(metaSuffix)) continue;
      const base = file.slice(0, -metaSuffix.length);
      const meta = EJSON.parse(await readFile(join(directory, file), 'utf8'), { relaxed: false }) as CollectionMeta;
      const collection = new Collection(
        decodeURIComponent(database.name),
        decodeURIComponent(base),
        catalog.cache,
        meta.options,
        catalog.versionCounters,
      );
      for await (const raw of readDocuments(join(directory, base + documentsSuffix))) collection.insert(raw);
      for (const index of meta.indexes) {
        const spec: IndexSpec = parseIndexSpec(index);
        collection.addIndex(spec);
      }
      collection.dirty = false;
      catalog.adopt(collection);
    }
  }
}

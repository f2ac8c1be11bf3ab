import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { writeCacheFile } from './cache-file.ts';
import { join } from 'node:path';

/** A set of input files: every `.ts` file under the directories, and the single files, all relative to the root. */
export interface InputFiles {
  root: string;
  directories: readonly string[];
  files: readonly string[];
}

/**
 * Where the stamps of the last digest are kept, and the clock that decides whether they may be kept (tests pass a
 * later time to treat just-written files as settled).
 */
export interface DigestStampOptions {
  stampFile: string;
  now?: number;
}

/**
 * A file modified this recently (milliseconds) may be modified again within the same file-system clock tick with
 * the same size, leaving an identical stamp over different content ("racy" stamps, as git calls them). While any
 * input is that young, the stamps are not saved, so the next start hashes the contents again. Two seconds covers
 * the coarsest modification-time granularity in use (FAT keeps even seconds).
 */
const racyStampWindowMs = 2_000;

interface SavedStamps {
  stamps: string;
  digest: string;
}

/** The `.ts` files under a directory, at any depth (symbolic links not followed). */
function typeScriptFilesUnder(directory: string, into: string[]): void {
  // One readdirSync per directory: Node's `recursive: true` costs several times more (6-9 ms against 1-2 ms for
  // the repository's 190 files, cold), which is most of what a start with unchanged stamps spends here.
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) typeScriptFilesUnder(path, into);
    else if (entry.isFile() && entry.name.endsWith('.ts')) into.push(path);
  }
}

function listInputFiles({ root, directories, files }: InputFiles): string[] {
  const sourceFiles = (directory: string): string[] => {
    const found: string[] = [];
    typeScriptFilesUnder(join(root, directory), found);
    return found.sort();
  };
  return [...directories.flatMap(sourceFiles), ...files.map((file) => join(root, file))];
}

/** The digest of the files' paths and contents: read and hash every byte. */
function hashContents(paths: readonly string[]): string {
  const hash = createHash('sha256');
  for (const path of paths) hash.update(`${path}\0`).update(readFileSync(path)).update('\0');
  return hash.digest('hex');
}

function readSavedStamps(stampFile: string): SavedStamps | undefined {
  try {
    const saved = JSON.parse(readFileSync(stampFile, 'utf8')) as Partial<SavedStamps>;
    return typeof saved.stamps === 'string' && typeof saved.digest === 'string'
      ? { stamps: saved.stamps, digest: saved.digest }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Where the stamps cannot be saved (a read-only checkout), the contents are hashed every time. */
function saveStamps(stampFile: string, saved: SavedStamps): void {
  writeCacheFile(stampFile, JSON.stringify(saved));
}

/**
 * The SHA-256 digest (hex) of the input files' paths and contents, computed cheaply when nothing changed.
 *
 * Each file's stamp is its path, size, modification time and status-change time (mtimeMs, ctimeMs, sub-millisecond
 * on the usual file systems). When every stamp equals the one saved with the last digest, that digest is returned
 * without reading a byte; otherwise the contents are hashed and the new stamps saved. What this relies on: a file
 * whose content changed also changed its size or its ctime. Every write sets the ctime to the current time and no
 * call can set it back (utimes, which restores an mtime, itself sets the ctime), so a same-size edit goes unseen
 * only within one clock tick of the last hashing, which {@link racyStampWindowMs} excludes. Files are stated before
 * they are read, so an edit racing the hashing leaves an older stamp than the content and is hashed again next time.
 */
export function inputFilesDigest(inputs: InputFiles, { stampFile, now = Date.now() }: DigestStampOptions): string {
  const paths = listInputFiles(inputs);
  let youngest = 0;
  const stamps = paths
    .map((path) => {
      const { size, mtimeMs, ctimeMs } = statSync(path);
      youngest = Math.max(youngest, mtimeMs, ctimeMs);
      return `${path}\0${size}\0${mtimeMs}\0${ctimeMs}`;
    })
    .join('\n');
  const saved = readSavedStamps(stampFile);
  if (saved?.stamps === stamps) return saved.digest;
  const digest = hashContents(paths);
  if (now - youngest > racyStampWindowMs) saveStamps(stampFile, { stamps, digest });
  return digest;
}

/** The same digest, always from the contents (no stamps read or written): what {@link inputFilesDigest} must equal. */
export function inputFilesContentDigest(inputs: InputFiles): string {
  return hashContents(listInputFiles(inputs));
}

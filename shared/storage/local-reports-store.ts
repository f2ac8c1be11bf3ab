import { createLocalObjectStore } from './local-object-store.ts';
import { compareKeys, type ObjectStore } from './object-store.ts';

/** The prefix every report key starts with in the bucket (keys.ts): the reports directory already says it locally. */
const reportsPrefix = 'reports/';

/** The folders under `reports/`: one per job, and `latest`. */
const reportFolders: ReadonlySet<string> = new Set(['daily', 'weekly', 'monthly', 'latest']);

const firstSegment = (path: string): string => path.split('/', 1)[0] ?? '';

/**
 * The file (relative to the reports directory) that holds `key`: `reports/<job>/...` becomes `<job>/...`, so the
 * folder named `reports` is not repeated; plans, archive and events keep their keys (`plans/<runId>/...`). A key
 * that would land on another key's file (`daily/...` without the prefix, `reports/plans/...`) is refused.
 */
export function localPathOfKey(key: string): string {
  if (key.startsWith(reportsPrefix)) {
    const rest = key.slice(reportsPrefix.length);
    if (!reportFolders.has(firstSegment(rest)))
      throw new Error(
        `object key ${JSON.stringify(key)} has no place in the reports directory: expected reports/<job>/...`,
      );
    return rest;
  }
  if (reportFolders.has(firstSegment(key)))
    throw new Error(
      `object key ${JSON.stringify(key)} would collide with the reports of the ${firstSegment(key)} folder`,
    );
  return key;
}

/** The key a file of the reports directory holds: the inverse of {@link localPathOfKey}. */
export function keyOfLocalPath(path: string): string {
  return reportFolders.has(firstSegment(path)) ? `${reportsPrefix}${path}` : path;
}

/** The part of a listing prefix that can be walked as files, so a listing never walks more than it needs to. */
function localPrefixOf(prefix: string): string {
  if (prefix.startsWith(reportsPrefix)) return prefix.slice(reportsPrefix.length);
  // '' or 're...' may match keys of both kinds; so may a prefix shorter than a folder name ('dai'): walk everything.
  if (reportsPrefix.startsWith(prefix) || !prefix.includes('/')) return '';
  return prefix;
}

/**
 * The object store of local runs: the reports directory (`./reports` by default), with the bucket's layout minus
 * its leading `reports/` (`./reports/daily/2026/11/29/<runId>.json`, `./reports/latest/monthly.html`,
 * `./reports/plans/<runId>/...`, `./reports/archive/<runId>/...`). Keys stay the bucket's keys everywhere else.
 */
export function createLocalReportsStore(directory: string): ObjectStore {
  const files = createLocalObjectStore(directory);
  return {
    description: files.description,
    put: (key, body, options) => files.put(localPathOfKey(key), body, options),
    get: (key) => files.get(localPathOfKey(key)),
    locate: (key) => files.locate(localPathOfKey(key)),
    async list(prefix) {
      const paths = await files.list(localPrefixOf(prefix));
      const keys = paths.map(keyOfLocalPath).filter((key) => key.startsWith(prefix));
      // Mapping back moves report keys among the others: sort again in the store's order.
      return keys.sort(compareKeys);
    },
  };
}

import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalObjectStore } from '#shared/storage/local-object-store.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';

let root: string;
let store: ObjectStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'local-object-store-'));
  store = createLocalObjectStore(root);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function text(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Buffer.from(bytes).toString('utf8');
}

describe('createLocalObjectStore', () => {
  it('describes itself by its absolute root directory', () => {
    expect(createLocalObjectStore('reports').description).toBe(join(process.cwd(), 'reports'));
  });

  it('reads back what it wrote, creating the directories of a nested key', async () => {
    // Act
    await store.put('reports/daily/2026/11/28/run-1.json', '{"ok":true}');

    // Assess
    expect(text(await store.get('reports/daily/2026/11/28/run-1.json'))).toBe('{"ok":true}');
    expect(await readFile(join(root, 'reports', 'daily', '2026', '11', '28', 'run-1.json'), 'utf8')).toBe(
      '{"ok":true}',
    );
  });

  it('keeps binary bodies byte for byte', async () => {
    // Prepare
    const body = Uint8Array.from({ length: 256 }, (_, index) => index);

    // Act
    await store.put('archive/run-1/batch-00000.ejson.gz', body);

    // Assess
    expect(Buffer.from((await store.get('archive/run-1/batch-00000.ejson.gz')) ?? [])).toEqual(Buffer.from(body));
  });

  it('replaces an existing object', async () => {
    // Prepare
    await store.put('reports/latest/daily.json', 'first');

    // Act
    await store.put('reports/latest/daily.json', 'second');

    // Assess
    expect(text(await store.get('reports/latest/daily.json'))).toBe('second');
  });

  it('returns null for a key that does not exist', async () => {
    expect(await store.get('reports/latest/weekly.json')).toBeNull();
  });

  it('returns null for a key that names a directory or lies under a file', async () => {
    // Prepare
    await store.put('reports/latest/daily.json', '{}');

    // Act
    const directory = await store.get('reports/latest');
    const underFile = await store.get('reports/latest/daily.json/x');

    // Assess
    expect(directory).toBeNull();
    expect(underFile).toBeNull();
  });

  it('lists every key under a prefix, sorted, with / separators', async () => {
    // Prepare
    for (const key of ['archive/run-2/batch-00000.ejson.gz', 'archive/run-1/batch-00001.ejson.gz', 'reports/x.json']) {
      await store.put(key, 'x');
    }
    await store.put('archive/run-1/batch-00000.ejson.gz', 'x');

    // Act
    const keys = await store.list('archive/');

    // Assess
    expect(keys).toEqual([
      'archive/run-1/batch-00000.ejson.gz',
      'archive/run-1/batch-00001.ejson.gz',
      'archive/run-2/batch-00000.ejson.gz',
    ]);
  });

  it('treats a prefix as a string prefix, not only as a directory', async () => {
    // Prepare
    await store.put('plans/run-1/batch-00001.json.gz', 'x');
    await store.put('plans/run-1/batch-00012.json.gz', 'x');
    await store.put('plans/run-10/batch-00000.json.gz', 'x');

    // Act
    const batchesFromOne = await store.list('plans/run-1/batch-0000');
    const runsStartingWithOne = await store.list('plans/run-1');

    // Assess
    expect(batchesFromOne).toEqual(['plans/run-1/batch-00001.json.gz']);
    expect(runsStartingWithOne).toEqual([
      'plans/run-1/batch-00001.json.gz',
      'plans/run-1/batch-00012.json.gz',
      'plans/run-10/batch-00000.json.gz',
    ]);
  });

  it('lists every key for the empty prefix and nothing for a prefix that matches nothing', async () => {
    // Prepare
    await store.put('a.json', 'x');
    await store.put('b/c.json', 'x');

    // Act
    const all = await store.list('');
    const none = await store.list('archive/run-9/');

    // Assess
    expect(all).toEqual(['a.json', 'b/c.json']);
    expect(none).toEqual([]);
  });

  it('lists nothing when the root directory does not exist yet', async () => {
    expect(await createLocalObjectStore(join(root, 'missing')).list('')).toEqual([]);
  });

  it('locates an object by its absolute file path', async () => {
    // Prepare
    await store.put('reports/latest/monthly.html', '<html></html>');

    // Act
    const location = await store.locate('reports/latest/monthly.html');

    // Assess
    expect(location).toBe(join(root, 'reports', 'latest', 'monthly.html'));
    expect(await readFile(location, 'utf8')).toBe('<html></html>');
  });

  it.each(['../outside.json', '/etc/passwd', 'a//b', 'a\\b', 'reports/./x', 'a\0b', ''])(
    'rejects the unsafe key %j in every operation, naming it',
    async (key) => {
      const named = `unsafe object key ${JSON.stringify(key)}`;
      await expect(store.put(key, 'x')).rejects.toThrow(named);
      await expect(store.get(key)).rejects.toThrow(named);
      await expect(store.locate(key)).rejects.toThrow(named);
    },
  );

  it('rejects a listing prefix that climbs out of the root', async () => {
    await expect(store.list('../')).rejects.toThrow('unsafe object key prefix "../"');
  });

  it('leaves no temporary file behind after writes', async () => {
    // Act
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.put('reports/latest/daily.json', `${index}`)));

    // Assess
    expect(await readdir(join(root, 'reports', 'latest'))).toEqual(['daily.json']);
  });

  it('leaves no temporary file behind when a write fails, and names the key', async () => {
    // Prepare: a directory where the file should go makes the final rename fail.
    await mkdir(join(root, 'reports', 'latest', 'daily.json'), { recursive: true });

    // Act
    const write = store.put('reports/latest/daily.json', '{}');

    // Assess
    await expect(write).rejects.toThrow('could not write object reports/latest/daily.json');
    expect(await readdir(join(root, 'reports', 'latest'))).toEqual(['daily.json']);
  });

  it('does not list a write in progress', async () => {
    // Prepare: what an interrupted write leaves next to its target.
    await store.put('reports/latest/daily.json', '{}');
    await writeFile(join(root, 'reports', 'latest', 'daily.json.0b7e4a52-8f1c-4d2e-9a7b-3c5d6e7f8a9b.partial'), '{');

    // Act
    const keys = await store.list('reports/');

    // Assess
    expect(keys).toEqual(['reports/latest/daily.json']);
  });
});

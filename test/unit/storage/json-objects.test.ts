import { ObjectId } from 'bson';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { getJson, putJson } from '#shared/storage/json-objects.ts';
import type { ObjectStore, PutOptions } from '#shared/storage/object-store.ts';

interface StoredObject {
  readonly body: Uint8Array;
  readonly options: PutOptions | undefined;
}

/** An in-memory store that records what was put, to check bodies and headers. */
function memoryStore(): ObjectStore & { readonly objects: Map<string, StoredObject> } {
  const objects = new Map<string, StoredObject>();
  return {
    objects,
    description: 'memory',
    async put(key, body, options) {
      objects.set(key, { body: typeof body === 'string' ? Buffer.from(body) : body, options });
    },
    async get(key) {
      return objects.get(key)?.body ?? null;
    },
    async list(prefix) {
      return [...objects.keys()].filter((key) => key.startsWith(prefix)).sort();
    },
    async locate(key) {
      return key;
    },
  };
}

const report = { runId: 'daily-20261128T020000Z', status: 'COMPLETED', counters: { removed: 3 } };

describe('putJson', () => {
  it('writes JSON indented by two spaces with a content type', async () => {
    // Prepare
    const store = memoryStore();

    // Act
    await putJson(store, 'reports/latest/daily.json', report);

    // Assess
    const stored = store.objects.get('reports/latest/daily.json');
    expect(Buffer.from(stored?.body ?? []).toString('utf8')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(stored?.options).toEqual({ contentType: 'application/json' });
  });

  it('gzips when asked and says so in the content encoding', async () => {
    // Prepare
    const store = memoryStore();

    // Act
    await putJson(store, 'plans/run-1/batch-00000.json.gz', report, { gzip: true });

    // Assess
    const stored = store.objects.get('plans/run-1/batch-00000.json.gz');
    expect(JSON.parse(gunzipSync(stored?.body ?? new Uint8Array()).toString('utf8'))).toEqual(report);
    expect(stored?.options).toEqual({ contentType: 'application/json', contentEncoding: 'gzip' });
  });

  it.each([
    ['gzip without a .gz key', 'plans/run-1/batch-00000.json', true],
    ['a .gz key without gzip', 'plans/run-1/batch-00000.json.gz', false],
  ])('refuses %s, since the key tells readers how to decode', async (_case, key, gzip) => {
    await expect(putJson(memoryStore(), key, report, { gzip })).rejects.toThrow(`JSON object key ${key} must`);
  });

  it('refuses BSON values, which JSON would silently turn into strings', async () => {
    // Prepare
    const value = { lead: { _id: new ObjectId('65a1b2c3d4e5f60718293a4b') } };

    // Act
    const write = putJson(memoryStore(), 'reports/x.json', value);

    // Assess
    await expect(write).rejects.toThrow('property "_id" is a BSON ObjectId: serialize it with EJSON');
  });

  it.each([
    ['undefined', undefined, 'the value is undefined'],
    ['a BigInt', { count: 1n }, 'BigInt'],
  ])('refuses %s, naming the key', async (_case, value, reason) => {
    await expect(putJson(memoryStore(), 'reports/x.json', value)).rejects.toThrow(
      new RegExp(`cannot write reports/x\\.json as JSON: .*${reason}`),
    );
  });
});

describe('getJson', () => {
  it.each([
    ['plain', 'reports/latest/daily.json', false],
    ['gzipped', 'plans/run-1/batch-00000.json.gz', true],
  ])('reads back a %s object', async (_case, key, gzip) => {
    // Prepare
    const store = memoryStore();
    await putJson(store, key, report, { gzip });

    // Act
    const read = await getJson<typeof report>(store, key);

    // Assess
    expect(read).toEqual(report);
  });

  it('returns null for a missing key', async () => {
    expect(await getJson(memoryStore(), 'reports/latest/weekly.json')).toBeNull();
  });

  it('names the key and the store when the object is not JSON', async () => {
    // Prepare
    const store = memoryStore();
    await store.put('reports/latest/daily.json', '<html>');

    // Act
    const read = getJson(store, 'reports/latest/daily.json');

    // Assess
    await expect(read).rejects.toThrow('object reports/latest/daily.json in memory is not valid JSON');
  });
});

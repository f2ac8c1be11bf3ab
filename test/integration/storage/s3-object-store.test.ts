import { randomBytes } from 'node:crypto';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, putJson } from '#shared/storage/json-objects.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { createS3ObjectStore } from '#shared/storage/s3-object-store.ts';
import { startLocalS3 } from '../../support/local-s3.ts';
import type { LocalS3 } from '../../support/local-s3.ts';

let s3: LocalS3;
let store: ObjectStore;

beforeAll(async () => {
  s3 = await startLocalS3();
  store = createS3ObjectStore({ bucket: s3.bucket, client: s3.client });
});

afterAll(async () => {
  await s3?.stop();
});

/** Runs `work` for every item, `concurrency` at a time (s3rver writes files: a burst of 1,000 at once is slow). */
async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

describe('createS3ObjectStore against a local S3', () => {
  it('describes itself by bucket and prefix', () => {
    expect(store.description).toBe(`s3://${s3.bucket}`);
    expect(createS3ObjectStore({ bucket: s3.bucket, client: s3.client, prefix: 'maintenance' }).description).toBe(
      `s3://${s3.bucket}/maintenance/`,
    );
  });

  it.each([
    ['a small binary body', 1_000],
    ['a body of several MiB', 3 * 1024 * 1024 + 17],
  ])('reads back %s byte for byte', async (_case, size) => {
    // Prepare
    const body = randomBytes(size);
    const key = `archive/run-binary/batch-${size}.ejson.gz`;

    // Act
    await store.put(key, body);
    const read = await store.get(key);

    // Assess
    expect(read?.byteLength).toBe(size);
    expect(Buffer.from(read ?? []).equals(body)).toBe(true);
  });

  it('stores a string body as UTF-8 with its content type', async () => {
    // Act
    await store.put('reports/latest/monthly.html', '<p>Sessions ✓</p>', { contentType: 'text/html; charset=utf-8' });

    // Assess
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'reports/latest/monthly.html' }));
    expect(head.ContentType).toBe('text/html; charset=utf-8');
    expect(Buffer.from((await store.get('reports/latest/monthly.html')) ?? []).toString('utf8')).toBe(
      '<p>Sessions ✓</p>',
    );
  });

  it('returns null for a key that does not exist', async () => {
    expect(await store.get('reports/latest/never-written.json')).toBeNull();
  });

  it('lists every key under a prefix across pages of 1,000, sorted', async () => {
    // Prepare
    const keys = Array.from({ length: 1_050 }, (_, index) => `plans/run-many/batch-${String(index).padStart(5, '0')}`);
    await forEachConcurrently(keys, 25, (key) => store.put(key, 'x'));
    await store.put('plans/run-other/batch-00000', 'x');

    // Act
    const listed = await store.list('plans/run-many/');

    // Assess: the server really paginates (one page holds 1,000 keys), and the store followed every page.
    const firstPage = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'plans/run-many/' }));
    expect(firstPage.IsTruncated).toBe(true);
    expect(listed).toEqual(keys);
  });

  it('round-trips gzipped JSON, stored with Content-Encoding gzip', async () => {
    // Prepare
    const key = 'plans/run-json/batch-00000.json.gz';
    const plan = { schemaVersion: 1, runId: 'run-json', leads: [{ leadId: 'l-1', changes: [] }] };

    // Act
    await putJson(store, key, plan, { gzip: true });
    const read = await getJson<typeof plan>(store, key);

    // Assess
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
    expect(head.ContentEncoding).toBe('gzip');
    expect(head.ContentType).toBe('application/json');
    expect(read).toEqual(plan);
  });

  it('locates an object by a presigned URL that fetch() can download for an hour', async () => {
    // Prepare
    const body = randomBytes(4096);
    await store.put('reports/daily/2026/11/28/run-url.json', body);

    // Act
    const url = await store.locate('reports/daily/2026/11/28/run-url.json');
    const response = await fetch(url);

    // Assess
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('3600');
  });

  it('keeps keys under its prefix in the bucket and returns them without it', async () => {
    // Prepare
    const prefixed = createS3ObjectStore({ bucket: s3.bucket, client: s3.client, prefix: 'tenant-a/' });

    // Act
    await prefixed.put('reports/latest/daily.json', '{}');

    // Assess
    expect(await store.get('tenant-a/reports/latest/daily.json')).not.toBeNull();
    expect(await prefixed.list('reports/')).toEqual(['reports/latest/daily.json']);
    expect(await store.get('reports/latest/daily.json')).toBeNull();
  });

  it('rejects an unsafe key before sending anything, naming it', async () => {
    await expect(store.put('../escape.json', '{}')).rejects.toThrow('unsafe object key "../escape.json"');
    await expect(store.get('a//b')).rejects.toThrow('unsafe object key "a//b"');
    await expect(store.locate('/abs')).rejects.toThrow('unsafe object key "/abs"');
    await expect(store.list('../')).rejects.toThrow('unsafe object key prefix "../"');
  });

  it('adds the object location to an S3 error and keeps its name', async () => {
    // Prepare
    const missingBucket = createS3ObjectStore({ bucket: 'no-such-bucket', client: s3.client });

    // Act
    const write = missingBucket.put('reports/x.json', '{}');

    // Assess
    await expect(write).rejects.toMatchObject({
      name: 'NoSuchBucket',
      message: expect.stringContaining('(s3://no-such-bucket/reports/x.json)'),
    });
  });
});

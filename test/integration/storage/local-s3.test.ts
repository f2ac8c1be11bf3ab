import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3 } from '../../support/local-s3.ts';
import type { LocalS3 } from '../../support/local-s3.ts';

let s3: LocalS3;

beforeAll(async () => {
  s3 = await startLocalS3();
});

afterAll(async () => {
  await s3?.stop();
});

describe('startLocalS3', () => {
  it('serves one bucket on 127.0.0.1', async () => {
    // Act
    const buckets = await s3.client.send(new ListBucketsCommand({}));

    // Assess
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(buckets.Buckets?.map((bucket) => bucket.Name)).toEqual([s3.bucket]);
  });

  it('gives a client that stores a streamed upload unchanged (s3rver corrupts it with default checksums)', async () => {
    // Prepare
    const body = randomBytes(1024 * 1024 + 5);

    // Act
    await s3.client.send(
      new PutObjectCommand({
        Bucket: s3.bucket,
        Key: 'streamed',
        Body: Readable.from([body]),
        ContentLength: body.length,
      }),
    );
    const read = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'streamed' }));

    // Assess
    expect(Buffer.from((await read.Body?.transformToByteArray()) ?? []).equals(body)).toBe(true);
  });

  it('runs independent servers side by side', async () => {
    // Prepare
    const other = await startLocalS3();

    try {
      // Act
      await other.client.send(new PutObjectCommand({ Bucket: other.bucket, Key: 'only-here', Body: 'x' }));
      const missing = s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'only-here' }));

      // Assess
      expect(other.endpoint).not.toBe(s3.endpoint);
      await expect(missing).rejects.toMatchObject({ name: 'NoSuchKey' });
    } finally {
      await other.stop();
    }
  });
});

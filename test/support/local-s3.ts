import type * as NodeCrypto from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { s3ChecksumSettings } from '#shared/storage/s3-object-store.ts';

/** A running local S3 (s3rver) with one empty bucket, and a client configured for it. */
export interface LocalS3 {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly bucket: string;
  readonly client: S3Client;
  /** Closes the client and the server and deletes the server's data directory. */
  stop(): Promise<void>;
}

/** The only key pair s3rver accepts: it verifies SigV4 signatures, presigned URLs included. */
const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

// s3rver ships no types: the part of its API used here.
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string; configs: string[] }[];
}) => S3rverServer;
const requireCommonJs = createRequire(import.meta.url);
const S3rver = requireCommonJs('s3rver') as S3rverConstructor;

type CreateCipher = (algorithm: string, key: unknown, ...rest: unknown[]) => unknown;
const singleDesRouted = Symbol.for('local-s3.single-des-routed');

/**
 * s3rver 3.7.1 encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node >= 17) no longer
 * provides, so every truncated listing fails with InternalError. Three-key DES with three equal keys is single DES
 * (encrypt, decrypt, encrypt with one key), so 'des' is routed to 'des-ede3-cbc' and the tokens are unchanged. The
 * patch is on the shared crypto module because that is where s3rver looks the function up; nothing else in a
 * process can use 'des' anyway.
 */
function letS3rverPaginate(): void {
  const crypto = requireCommonJs('node:crypto') as typeof NodeCrypto & { [singleDesRouted]?: true };
  if (crypto[singleDesRouted]) return;
  const route =
    (create: CreateCipher): CreateCipher =>
    (algorithm, key, ...rest) =>
      algorithm === 'des' && Buffer.isBuffer(key)
        ? create('des-ede3-cbc', Buffer.concat([key, key, key]), ...rest)
        : create(algorithm, key, ...rest);
  crypto.createCipheriv = route(crypto.createCipheriv as CreateCipher) as typeof crypto.createCipheriv;
  crypto.createDecipheriv = route(crypto.createDecipheriv as CreateCipher) as typeof crypto.createDecipheriv;
  crypto[singleDesRouted] = true;
}

/**
 * Starts s3rver on 127.0.0.1 (a free port, a fresh temporary directory) with the bucket `test-bucket` created.
 * The client uses path-style URLs (no DNS for `bucket.127.0.0.1`) and the same checksum settings as the
 * production store, without which s3rver silently corrupts streamed uploads.
 */
export async function startLocalS3(): Promise<LocalS3> {
  letS3rverPaginate();
  const bucket = 'test-bucket';
  const directory = await mkdtemp(join(tmpdir(), 'local-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: s3rverCredentials,
    ...s3ChecksumSettings,
  });
  return {
    endpoint,
    bucket,
    client,
    async stop() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import { assertKeyIsSafe, assertPrefixIsSafe, compareKeys, keyIsSafe } from './object-store.ts';
import type { ObjectStore } from './object-store.ts';

/**
 * Checksums only where S3 requires them. By default the SDK sends a streamed upload with aws-chunked encoding and a
 * CRC trailer, which S3-compatible local servers do not all understand: s3rver stores the chunk framing as part of
 * the object, without an error. Plain uploads work everywhere, and S3 itself still verifies them (SigV4 signs the
 * payload hash), so nothing is lost in AWS. The client used in tests (test/support/local-s3.ts) shares these.
 * Puts carry a Content-MD5 instead: the reports bucket has Object Lock with a default retention, and S3 refuses an
 * upload to such a bucket without Content-MD5 or a checksum header (every S3-compatible server understands MD5).
 */
export const s3ChecksumSettings = {
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
} as const;

/** How long a link from `locate` works: long enough to open a report, short enough not to become a share link. */
const presignedUrlSeconds = 3600;

export interface S3ObjectStoreOptions {
  readonly bucket: string;
  /** Defaults to one client per process (region and credentials from the environment, as in Lambda). */
  readonly client?: S3Client;
  /** Keys live under this prefix in the bucket (`a/b` or `a/b/`); keys given to and returned by the store omit it. */
  readonly prefix?: string;
}

/**
 * An {@link ObjectStore} in an S3 bucket. The bucket encrypts by default (set in the stack), so puts do not ask for
 * server-side encryption; listings are paginated here so callers always get every key.
 */
export function createS3ObjectStore(options: S3ObjectStoreOptions): ObjectStore {
  const { bucket } = options;
  const client = options.client ?? sharedS3Client();
  const keyPrefix = normalizedPrefix(options.prefix ?? '');

  function objectKey(key: string): string {
    assertKeyIsSafe(key);
    return keyPrefix + key;
  }

  return {
    description: `s3://${bucket}${keyPrefix === '' ? '' : `/${keyPrefix}`}`,

    async put(key, body, putOptions = {}) {
      const Key = objectKey(key);
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key,
        Body: body,
        ContentMD5: contentMd5(body),
        ContentType: putOptions.contentType,
        ContentEncoding: putOptions.contentEncoding,
      });
      await client.send(command).catch((error: unknown) => rethrowWithLocation(error, bucket, Key));
    },

    async get(key) {
      const Key = objectKey(key);
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key }));
        if (response.Body === undefined) throw new Error('S3 returned no body');
        return await response.Body.transformToByteArray();
      } catch (error) {
        // Only NoSuchKey means absent: without s3:ListBucket S3 answers AccessDenied instead, which must surface.
        if (error instanceof NoSuchKey) return null;
        return rethrowWithLocation(error, bucket, Key);
      }
    },

    async list(prefix) {
      assertPrefixIsSafe(prefix);
      const keys: string[] = [];
      const pages = paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: keyPrefix + prefix });
      try {
        for await (const page of pages) {
          for (const object of page.Contents ?? []) {
            if (object.Key !== undefined) keys.push(object.Key.slice(keyPrefix.length));
          }
        }
      } catch (error) {
        return rethrowWithLocation(error, bucket, keyPrefix + prefix);
      }
      // A key this store would refuse to read (written by something else) is left out, as the local store does.
      return keys.filter(keyIsSafe).sort(compareKeys);
    },

    async locate(key) {
      const command = new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) });
      return getSignedUrl(client, command, { expiresIn: presignedUrlSeconds });
    },
  };
}

let sharedClient: S3Client | undefined;

/** One client per process: Lambda reuses it (and its connections) across warm invocations. */
function sharedS3Client(): S3Client {
  sharedClient ??= new S3Client({ ...s3ChecksumSettings });
  return sharedClient;
}

/** The base64 MD5 of a body, as the Content-MD5 header wants it. */
function contentMd5(body: Uint8Array | string): string {
  return createHash('md5').update(body).digest('base64');
}

function normalizedPrefix(prefix: string): string {
  if (prefix === '') return '';
  assertPrefixIsSafe(prefix);
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/**
 * Adds the object's location to an SDK error's message and rethrows the same error: its class, `name` and
 * `$metadata` stay as they are, because retry rules and callers match on them.
 */
function rethrowWithLocation(error: unknown, bucket: string, key: string): never {
  if (error instanceof Error) error.message = `${error.message} (s3://${bucket}/${key})`;
  throw error;
}

/** How an object is described to whoever reads it back over HTTP (S3 metadata; the local store ignores it). */
export interface PutOptions {
  readonly contentType?: string;
  readonly contentEncoding?: string;
}

/**
 * Where reports, dry-run plans and the archive of removed sessions are kept: an S3 bucket in AWS, a directory
 * locally. Keys are '/'-separated relative paths; both implementations reject unsafe keys (see {@link keyIsSafe}).
 */
export interface ObjectStore {
  /** For messages: `s3://bucket[/prefix/]` or the absolute root directory. */
  readonly description: string;
  /** Writes the whole object; a reader sees either the previous object or the new one, never a part. */
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void>;
  /** The object's bytes as stored (a gzipped object stays gzipped), or null when the key does not exist. */
  get(key: string): Promise<Uint8Array | null>;
  /** Every key that starts with `prefix` (plain string prefix, `''` for all), sorted, however many there are. */
  list(prefix: string): Promise<string[]>;
  /** Where a person can open the object: an absolute file path, or a presigned GET URL valid for one hour. */
  locate(key: string): Promise<string>;
}

/**
 * Whether a key is a plain relative path: no empty, `.` or `..` segment, no leading '/', no backslash, no NUL.
 * Locally a key becomes a file path, so anything that could climb out of the root or mean two different files on
 * two platforms is refused; S3 gets the same rule so that both stores accept exactly the same keys.
 */
export function keyIsSafe(key: string): boolean {
  if (key.length === 0 || key.includes('\\') || key.includes('\0')) return false;
  return key.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** Throws an Error naming the key unless {@link keyIsSafe}. */
export function assertKeyIsSafe(key: string): void {
  if (!keyIsSafe(key))
    throw new Error(`unsafe object key ${JSON.stringify(key)}: expected a relative path like a/b.json`);
}

/**
 * Throws an Error naming the prefix unless it is `''` or a safe key with an optional trailing '/' (which a
 * directory-like prefix such as `reports/monthly/` has).
 */
export function assertPrefixIsSafe(prefix: string): void {
  if (prefix === '') return;
  if (!keyIsSafe(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix)) {
    throw new Error(`unsafe object key prefix ${JSON.stringify(prefix)}: expected '' or a relative path like a/b/`);
  }
}

/** S3's listing order (UTF-8 bytes), so both stores return keys in the same order. */
export function compareKeys(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}

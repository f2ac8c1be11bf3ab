/**
 * A `compressedPayload` that cannot be inflated. Messages name the marker field at fault and never contain payload
 * values (cookies and tokens are secrets).
 */
export class CompressedPayloadError extends Error {
  override readonly name: string = 'CompressedPayloadError';
  /** The marker field at fault (`codec`, `formatVersion`, `data`, ...), or null for the marker as a whole. */
  readonly field: string | null;

  constructor(message: string, field: string | null, options?: ErrorOptions) {
    super(message, options);
    this.field = field;
  }
}

/** The codec could not inflate `data`: the blob was damaged (or written by something else). */
export class CompressedPayloadCorruptError extends CompressedPayloadError {
  override readonly name = 'CompressedPayloadCorruptError';
}

/** The inflated bytes are not the bytes that were compressed: their SHA-256 differs from the recorded one. */
export class CompressedPayloadChecksumError extends CompressedPayloadError {
  override readonly name = 'CompressedPayloadChecksumError';
  /** The recorded hash (hex). */
  readonly expectedSha256: string;
  /** The hash of the inflated bytes (hex). */
  readonly actualSha256: string;

  constructor(expectedSha256: string, actualSha256: string, inflatedBytes: number, originalBytes: number) {
    super(
      `compressedPayload checksum does not match: expected sha256 ${expectedSha256.slice(0, 12)}…, ` +
        `got ${actualSha256.slice(0, 12)}… (${inflatedBytes} bytes inflated, ${originalBytes} recorded)`,
      'sha256',
    );
    this.expectedSha256 = expectedSha256;
    this.actualSha256 = actualSha256;
  }
}

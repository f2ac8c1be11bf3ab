import { promisify } from 'node:util';
import { BSON, EJSON } from 'bson';
import { brotliCompress, brotliDecompress, constants, gunzip, gzip } from 'node:zlib';
import type { ArchiveFormat } from '#shared/storage/keys.ts';
import type { ArchiveDocument, ArchivedChange } from './archive.ts';
import { bsonPieces, withDecodedCopies } from './spliced-bson.ts';

/**
 * How a batch's archive is encoded, told apart by the key's extension (keys.ts):
 *
 * - `bson.br` (since decision 21): a sequence of BSON documents, the header (run, job, batch, time, number
 *   of changes) and then one document per change, compressed with brotli on the libuv pool. BSON keeps every type
 *   of the stored copies as Extended JSON did, and encodes about ten times faster.
 * - `ejson.gz` (before): the whole archive as one canonical Extended JSON document, gzipped. Still read (a restore
 *   of an older run) and still written for a batch whose earlier attempt wrote it (a retry keeps one file).
 */

/** Brotli quality chosen by measurement (docs/benchmarks.md, "Archive encoding"): the fastest, as small as gzip 6. */
export const archiveBrotliQuality = 1;

/**
 * Output chunk of the asynchronous compressions: each chunk is one trip from the libuv pool back to the event loop.
 * With zlib's 16 KiB default a 20 MB archive took ~460 trips, each waiting for the event loop between the batch's
 * other work: 0.6 s per demo batch where the compression itself takes 0.1 s. The bytes do not depend on it.
 */
export const archiveChunkBytes = 1 << 20;

const brotliCompressAsync = promisify(brotliCompress);
const brotliDecompressAsync = promisify(brotliDecompress);
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Stored copies are read without promotion: Int32, Long, Double and Binary stay as stored. */
const exactTypes = { promoteValues: false, promoteBuffers: false, promoteLongs: false, bsonRegExp: true } as const;

interface ArchiveHeader {
  readonly schemaVersion: 1;
  readonly runId: string;
  readonly job: ArchiveDocument['job'];
  readonly batchIndex: number;
  readonly archivedAt: string;
  readonly changeCount: number;
}

/** The BSON document sequence of an archive: its header, then each change (stored copies kept as bytes spliced in). */
export function bsonSequence(archive: ArchiveDocument): Buffer {
  const header: ArchiveHeader = {
    schemaVersion: archive.schemaVersion,
    runId: archive.runId,
    job: archive.job,
    batchIndex: archive.batchIndex,
    archivedAt: archive.archivedAt,
    changeCount: archive.changes.length,
  };
  // One concatenation of every piece: the stored copies are copied once, into the sequence.
  return Buffer.concat([header, ...archive.changes].flatMap((document) => bsonPieces(document)));
}

/** Splits a BSON document sequence into its documents (each a view of `bytes`). */
function bsonDocuments(bytes: Uint8Array): Uint8Array[] {
  const documents: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) throw new Error(`archive: truncated BSON document at byte ${String(offset)}`);
    const size = view.getInt32(offset, true);
    if (size < 5 || offset + size > bytes.length)
      throw new Error(`archive: invalid BSON document size ${String(size)} at byte ${String(offset)}`);
    documents.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return documents;
}

/** Reads a BSON document sequence back; the number of changes must be the header's. */
export function fromBsonSequence(bytes: Uint8Array): ArchiveDocument {
  const [headerBytes, ...changeBytes] = bsonDocuments(bytes);
  if (headerBytes === undefined) throw new Error('archive: empty BSON document sequence');
  const header = BSON.deserialize(headerBytes) as ArchiveHeader;
  if (changeBytes.length !== header.changeCount)
    throw new Error(`archive: header says ${String(header.changeCount)} changes, found ${String(changeBytes.length)}`);
  const changes = changeBytes.map((document) => BSON.deserialize(document, exactTypes) as unknown as ArchivedChange);
  return {
    schemaVersion: header.schemaVersion,
    runId: header.runId,
    job: header.job,
    batchIndex: header.batchIndex,
    archivedAt: header.archivedAt,
    changes,
  };
}

/** Encodes an archive in the given format, compressing on the libuv pool (the event loop stays free). */
export async function encodeArchive(archive: ArchiveDocument, format: ArchiveFormat): Promise<Buffer> {
  if (format === 'ejson.gz') {
    const decoded = { ...archive, changes: archive.changes.map((change) => withDecodedCopies(change)) };
    return gzipAsync(Buffer.from(EJSON.stringify(decoded, { relaxed: false })), { chunkSize: archiveChunkBytes });
  }
  const sequence = bsonSequence(archive);
  return brotliCompressAsync(sequence, {
    chunkSize: archiveChunkBytes,
    params: {
      [constants.BROTLI_PARAM_QUALITY]: archiveBrotliQuality,
      [constants.BROTLI_PARAM_SIZE_HINT]: sequence.length,
    },
  });
}

/** Decodes an archive written in either format. */
export async function decodeArchive(body: Uint8Array, format: ArchiveFormat): Promise<ArchiveDocument> {
  if (format === 'ejson.gz')
    return EJSON.parse((await gunzipAsync(body, { chunkSize: archiveChunkBytes })).toString('utf8'), {
      relaxed: false,
    }) as ArchiveDocument;
  return fromBsonSequence(await brotliDecompressAsync(body, { chunkSize: archiveChunkBytes }));
}

import { BSON, Int32, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { RawBsonDocument } from '#shared/core/raw-bson-document.ts';
import { writeArchive, readArchives, type ArchiveDocument, type ArchivedChange } from '#shared/jobs/archive.ts';
import { encodeArchive } from '#shared/jobs/archive-codec.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { archiveKey, archiveFormats } from '#shared/storage/keys.ts';
import { bsonHex } from '../codec/bson-arbitraries.ts';

/** An object store in memory: what the archive reads back is what it wrote. */
function memoryStore(): ObjectStore {
  const objects = new Map<string, Uint8Array>();
  return {
    description: 'memory',
    put: (key, body) => {
      objects.set(key, typeof body === 'string' ? Buffer.from(body) : body);
      return Promise.resolve();
    },
    get: (key) => Promise.resolve(objects.get(key) ?? null),
    list: (prefix) => Promise.resolve([...objects.keys()].filter((key) => key.startsWith(prefix)).sort()),
    locate: (key) => Promise.resolve(key),
  };
}

const entry = (sessionId: string, id: ObjectId) => ({ _id: id, sessionId, n: new Int32(1), size: Long.fromNumber(7) });
const entryA = entry('a', new ObjectId('0123456789abcdef01234567'));
const entryB = entry('b', new ObjectId('76543210fedcba9876543210'));

const changeWith = (historyEntries: unknown[], sessionId: string): ArchivedChange => ({
  leadId: '68fadfae32f303e4a4000000',
  reason: 'expired',
  detail: null,
  sessionId,
  historyEntries,
});
const asBytes = (document: object) => new RawBsonDocument(BSON.serialize(document));

const archiveOf = (changes: ArchivedChange[]): ArchiveDocument => ({
  schemaVersion: 1,
  runId: 'daily-20261128T020000Z',
  job: 'daily',
  batchIndex: 2,
  archivedAt: '2026-11-28T02:00:01.000Z',
  changes,
});

describe.each(archiveFormats)('a retried batch whose earlier attempt archived in %s', (format) => {
  it('adds only the changes the earlier attempt lacks, comparing copies kept as bytes with decoded ones', async () => {
    // Prepare: the earlier attempt archived change A (copies decoded, as any earlier archive reads back).
    const store = memoryStore();
    const earlier = archiveOf([changeWith([entryA], 'a')]);
    await store.put(archiveKey(earlier.runId, earlier.batchIndex, format), await encodeArchive(earlier, format));

    // Act: the retry archives A again and B, their copies as the bytes the database sent.
    const held = await writeArchive(
      store,
      archiveOf([changeWith([asBytes(entryA)], 'a'), changeWith([asBytes(entryB)], 'b')]),
    );

    // Assess: one archive, A once and B once, every copy as stored.
    const archives = await readArchives(store, earlier.runId);
    expect(held).toBe(2);
    expect(archives).toHaveLength(1);
    expect(archives[0]?.changes.map((change) => bsonHex(change))).toEqual(
      [changeWith([entryA], 'a'), changeWith([entryB], 'b')].map((change) => bsonHex(change)),
    );
  });
});

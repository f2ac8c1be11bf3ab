import { Binary, BSON, Decimal128, Double, Int32, Long } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RawBsonDocument } from '#shared/core/raw-bson-document.ts';
import type { ArchiveDocument, ArchivedChange } from '#shared/jobs/archive.ts';
import { bsonSequence, decodeArchive, encodeArchive } from '#shared/jobs/archive-codec.ts';
import { serializeWithRawCopies, withDecodedCopies } from '#shared/jobs/spliced-bson.ts';
import { bsonHex, bsonValue, storageKey, storedPayload } from '../codec/bson-arbitraries.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const encodeUsually = (document: object): string => hex(BSON.serialize(document, { ignoreUndefined: true }));

/** A stored entry: a session payload, or any document (empty, nested arrays, every BSON type, any key order). */
const storedEntry: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  storedPayload as fc.Arbitrary<Record<string, unknown>>,
  fc.dictionary(storageKey, bsonValue, { maxKeys: 6, noNullPrototype: true }),
  fc.constant({}),
);

/** The entry as the daily job holds it: the BSON bytes the database sent. */
const asStoredBytes = (entry: Record<string, unknown>): RawBsonDocument => new RawBsonDocument(BSON.serialize(entry));

/** Change fields, with `historyEntries` (and a raw `browserSession`) at any position. */
const change = fc
  .record({
    leadId: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 24, maxLength: 24 }),
    reason: fc.constantFrom('expired', 'invalid', 'orphaned', 'overLimit'),
    detail: fc.option(fc.constantFrom('missing-session-id', 'cookies-not-array'), { nil: null }),
    sessionId: fc.option(fc.string(), { nil: null }),
    browserSession: fc.option(storedEntry, { nil: undefined }),
    historyEntries: fc.array(storedEntry, { maxLength: 4 }),
  })
  .chain((fields) =>
    fc.shuffledSubarray(Object.keys(fields), { minLength: Object.keys(fields).length }).map((order) => ({
      fields,
      order,
    })),
  );

/** The change in the given key order, its stored copies either as bytes or decoded from those bytes. */
function changeOf(fields: Record<string, unknown>, order: readonly string[], raw: boolean): ArchivedChange {
  const copy = (entry: unknown): unknown => {
    if (entry === undefined) return undefined;
    const bytes = asStoredBytes(entry as Record<string, unknown>);
    return raw ? bytes : bytes.toDocument();
  };
  const value = (key: string): unknown =>
    key === 'historyEntries'
      ? (fields.historyEntries as unknown[]).map(copy)
      : key === 'browserSession'
        ? copy(fields.browserSession)
        : fields[key];
  return Object.fromEntries(order.map((key) => [key, value(key)])) as unknown as ArchivedChange;
}

const archiveOf = (changes: ArchivedChange[]): ArchiveDocument => ({
  schemaVersion: 1,
  runId: 'daily-20261128T020000Z',
  job: 'daily',
  batchIndex: 0,
  archivedAt: '2026-11-28T02:00:01.000Z',
  changes,
});

describe('spliced BSON: stored copies kept as bytes are copied into the archive verbatim', () => {
  it('encodes a change byte for byte as BSON.serialize encodes the change with its copies decoded', () => {
    fc.assert(
      fc.property(change, ({ fields, order }) => {
        const spliced = serializeWithRawCopies(changeOf(fields, order, true));
        expect(hex(spliced)).toBe(encodeUsually(changeOf(fields, order, false)));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    [
      'Int32, Long, Decimal128 and Double -0',
      { a: new Int32(-7), b: Long.fromBigInt(2n ** 62n), c: Decimal128.fromString('-0'), d: new Double(-0) },
    ],
    ['nested arrays and empty documents', { a: [[], [[{}]], [1, [2, [3]]]], b: {}, c: { d: {} } }],
    [
      'binary of every subtype',
      {
        a: new Binary(new Uint8Array([0, 255]), 0),
        b: new Binary(new Uint8Array(16), 4),
        c: new Binary(new Uint8Array(), 0x80),
      },
    ],
    ['keys in a non-alphabetical order', { z: 1, a: 2, '0': 3, '10': 4, '2': 5 }],
  ])('keeps %s exactly as stored', (_name, entry) => {
    const bytes = BSON.serialize(entry);
    const spliced = serializeWithRawCopies({ leadId: 'x', historyEntries: [new RawBsonDocument(bytes)] });
    // The spliced array's element is the stored bytes themselves.
    expect(hex(spliced)).toContain(hex(bytes));
    expect(hex(spliced)).toBe(
      encodeUsually({ leadId: 'x', historyEntries: [new RawBsonDocument(bytes).toDocument()] }),
    );
  });

  it('encodes an array mixing copies as bytes and decoded copies as the decoded array', () => {
    const first = { sessionId: 'a', n: new Int32(1) };
    const second = { sessionId: 'b', n: Long.fromNumber(2) };
    const mixed = { leadId: 'x', historyEntries: [asStoredBytes(first), second] };
    expect(hex(serializeWithRawCopies(mixed))).toBe(
      encodeUsually({ leadId: 'x', historyEntries: [asStoredBytes(first).toDocument(), second] }),
    );
  });

  it('encodes a change without copies as bytes exactly as before (empty history included)', () => {
    const plain = { leadId: 'x', reason: 'expired', currentSessionId: undefined, historyEntries: [] };
    expect(hex(serializeWithRawCopies(plain))).toBe(encodeUsually(plain));
    expect(withDecodedCopies(plain)).toBe(plain);
  });

  it('writes the same archive sequence, and reads back the same copies, in both formats', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(change, { maxLength: 3 }), async (changes) => {
        const raw = archiveOf(changes.map(({ fields, order }) => changeOf(fields, order, true)));
        const decoded = archiveOf(changes.map(({ fields, order }) => changeOf(fields, order, false)));
        expect(hex(bsonSequence(raw))).toBe(hex(bsonSequence(decoded)));
        for (const format of ['bson.br', 'ejson.gz'] as const) {
          const fromRaw = await decodeArchive(await encodeArchive(raw, format), format);
          const fromDecoded = await decodeArchive(await encodeArchive(decoded, format), format);
          expect(fromRaw.changes.map((read) => bsonHex(read))).toEqual(
            fromDecoded.changes.map((read) => bsonHex(read)),
          );
        }
      }),
      { numRuns: 60 },
    );
  });
});

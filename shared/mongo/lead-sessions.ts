// The driver's own copy of bson: its values are instances of the classes the driver's reads return.
import { BSON, type Collection, type Document } from 'mongodb';
import { RawBsonDocument } from '#shared/core/raw-bson-document.ts';
import { hasSessionFilter } from './digest-pipeline.ts';
import { sessionFieldsProjection } from './lead-digests.ts';

/**
 * Exactly what the driver decodes a weekly read into (`promoteValues: false`, `promoteBuffers: false`, its defaults
 * otherwise): regexes as RegExp, and no UTF-8 check (the driver checks only a reply's `writeErrors`).
 */
const driverDecoding: BSON.DeserializeOptions = {
  promoteValues: false,
  promoteBuffers: false,
  promoteLongs: true,
  useBigInt64: false,
  bsonRegExp: false,
  validation: { utf8: false },
};
/** One level only: every document (alone or in an array) stays as its bytes, a Uint8Array. */
const oneLevel: BSON.DeserializeOptions = { ...driverDecoding, raw: true };

/** A batch's leads as `readLeadSessions` returns them, and the stored bytes of their history entries. */
export interface LeadSessions {
  readonly leads: Document[];
  /** The BSON bytes the database sent of a history entry (a document of `sessionHistory`, as decoded in `leads`). */
  readonly storedEntry: (entry: unknown) => RawBsonDocument | undefined;
}

/** A value read one level at a time, with the documents it holds (kept as bytes) decoded as the driver decodes them. */
function decodedValue(value: unknown): unknown {
  // With `promoteBuffers: false` a Binary stays a Binary: a Uint8Array can only be a document kept as bytes.
  if (value instanceof Uint8Array) return BSON.deserialize(value, driverDecoding);
  if (Array.isArray(value)) return value.map(decodedValue);
  return value;
}

/**
 * `readLeadSessions` (one find, same filter, projection, order and decoded values), keeping the bytes of each history
 * entry as the database sent them: the weekly archive copies them verbatim (spliced-bson.ts, decision 34), where
 * encoding the decoded entries again cost the job more than a tenth of its CPU. Each lead arrives as bytes and is
 * read one level at a time; a history entry is decoded from its own bytes, which are kept beside it.
 */
export async function readLeadSessionsWithStoredEntries(
  leads: Collection<Document>,
  batchFilter: Document,
): Promise<LeadSessions> {
  const raw = await leads
    .find<Uint8Array>(
      { $and: [batchFilter, hasSessionFilter] },
      { projection: sessionFieldsProjection, sort: { _id: 1 }, raw: true, batchSize: 100_000 },
    )
    .toArray();
  const stored = new WeakMap<object, RawBsonDocument>();
  const decoded = raw.map((bytes) => {
    const lead: Document = BSON.deserialize(bytes, oneLevel);
    for (const [field, value] of Object.entries(lead)) {
      if (field !== 'sessionHistory' || !Array.isArray(value)) {
        lead[field] = decodedValue(value);
        continue;
      }
      lead[field] = value.map((element: unknown) => {
        if (!(element instanceof Uint8Array)) return decodedValue(element);
        const entry = BSON.deserialize(element, driverDecoding);
        stored.set(entry, new RawBsonDocument(element));
        return entry;
      });
    }
    return lead;
  });
  return {
    leads: decoded,
    storedEntry: (entry) => (entry !== null && typeof entry === 'object' ? stored.get(entry) : undefined),
  };
}

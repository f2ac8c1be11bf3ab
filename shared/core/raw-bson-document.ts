import { BSON, type Document } from 'bson';

/** Every type kept as stored: Int32, Long, Double and Binary are not promoted, a regex keeps every option. */
const exactTypes = { promoteValues: false, promoteBuffers: false, promoteLongs: false, bsonRegExp: true } as const;

/**
 * A stored document kept as the BSON bytes the database sent. The daily job archives the entries it removes
 * without decoding them: decoding ~200 MB of stored copies into JavaScript objects and encoding them again for the
 * archive cost more than the rest of its work (docs/decisions.md, 34). The archive copies these bytes verbatim
 * (shared/jobs/spliced-bson.ts), which also keeps them exactly as stored.
 */
export class RawBsonDocument {
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  /** The document decoded with every type as stored, for the rare reader that needs its values. */
  toDocument(): Document {
    return BSON.deserialize(this.bytes, exactTypes);
  }
}

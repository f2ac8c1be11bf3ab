/**
 * What the server's writes cost in stored bytes, for the bench (bench/run.ts) and for anyone comparing two ways of
 * writing the same change. MongoDB itself has no such counter: a rewritten document costs its whole size in the
 * storage engine, and a changed array costs its whole size in the oplog when an update such as `$pull` shifts its
 * elements. Counting both tells a statement per removed entry from a statement per lead, whatever the wall time.
 *
 * Read through `serverStatus` under the embedded-only key `embeddedStorage` (see commands/handshake.ts).
 */
import { BsonType, forEachElement, type RawElement } from '../bson/raw-reader.ts';

/** Totals since the server started. */
export interface StoredVersionFigures {
  /** New versions of existing documents stored by updates (an update that changes nothing stores none). */
  readonly documentVersions: number;
  /** Sum of the BSON sizes of those new versions. */
  readonly documentBytesRewritten: number;
  /**
   * Sum, over those new versions, of the BSON size of every array whose bytes differ from the previous version's
   * (or that the previous version did not have): what a MongoDB replica set logs in its oplog for a `$pull`. Arrays
   * inside changed sub-documents count too; an array inside an array counts as part of the outer one.
   */
  readonly changedArrayBytes: number;
}

function elementsByName(raw: Buffer, start: number): Map<string, RawElement> {
  const elements = new Map<string, RawElement>();
  forEachElement(raw, start, (element) => {
    elements.set(element.name, element);
  });
  return elements;
}

const sameBytes = (left: Buffer, a: RawElement, right: Buffer, b: RawElement): boolean =>
  a.type === b.type && left.subarray(a.valueStart, a.valueEnd).equals(right.subarray(b.valueStart, b.valueEnd));

/**
 * BSON bytes of the arrays of the document at `nextStart` in `next` that differ from those of the document at
 * `previousStart` in `previous` (`previousStart` undefined: there was no such sub-document, every array is new).
 */
export function changedArrayBytes(
  previous: Buffer,
  next: Buffer,
  previousStart: number | undefined = 0,
  nextStart = 0,
): number {
  const before = previousStart === undefined ? new Map<string, RawElement>() : elementsByName(previous, previousStart);
  let total = 0;
  forEachElement(next, nextStart, (element) => {
    if (element.type !== BsonType.array && element.type !== BsonType.document) return;
    const old = before.get(element.name);
    if (old !== undefined && sameBytes(previous, old, next, element)) return;
    if (element.type === BsonType.array) total += element.valueEnd - element.valueStart;
    else {
      const oldStart = old?.type === BsonType.document ? old.valueStart : undefined;
      total += changedArrayBytes(previous, next, oldStart, element.valueStart);
    }
  });
  return total;
}

/** Counts every new document version the storage layer stores (see Collection.replace). */
export class StoredVersionCounters {
  #documentVersions = 0;
  #documentBytesRewritten = 0;
  #changedArrayBytes = 0;

  /** Called with the stored bytes of the previous version and of the one replacing it. */
  recordNewVersion(previous: Buffer, next: Buffer): void {
    this.#documentVersions += 1;
    this.#documentBytesRewritten += next.length;
    this.#changedArrayBytes += changedArrayBytes(previous, next);
  }

  figures(): StoredVersionFigures {
    return {
      documentVersions: this.#documentVersions,
      documentBytesRewritten: this.#documentBytesRewritten,
      changedArrayBytes: this.#changedArrayBytes,
    };
  }
}

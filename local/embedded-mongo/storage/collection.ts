/**
 * One collection: documents stored as their original BSON, ordered by `_id`, with unique indexes enforced.
 * Natural order is `_id` order (MongoDB's is insertion order, which matches it for ObjectIds generated in sequence).
 */
import { Binary, UUID } from 'bson';
import { valueKey } from '../bson/compare.ts';
import type { FieldsSelection } from '../bson/field-selection.ts';
import { promoteSelected } from '../bson/promote-selected.ts';
import { promoteDocument, promoteValue } from '../bson/promote.ts';
import { readElements } from '../bson/raw-reader.ts';
import { IndexCatalog, type IndexSpec } from './index-catalog.ts';
import type { PromotedCache } from './promoted-cache.ts';
import { SortedKeys } from './sorted-keys.ts';
import { duplicateIdError, type UniqueConstraint } from './unique-constraint.ts';
import type { StoredVersionCounters } from './version-counters.ts';

type AnyObject = Record<string, unknown>;

/** A stored document. Immutable: an update stores a new object, so cached decodings never go stale. */
export interface StoredDocument {
  /** Order key of `_id` (see `valueKey`). */
  readonly key: string;
  readonly raw: Buffer;
}

/** Bounds on `_id` order keys; undefined ends are open. */
export interface KeyRange {
  readonly lower?: string;
  readonly lowerInclusive?: boolean;
  readonly upper?: string;
  readonly upperInclusive?: boolean;
}

/** The `_id` of a raw document whose first element is `_id`, as a matchable value and an order key. */
export function readId(raw: Buffer): { id: unknown; key: string } {
  const first = readElements(raw).find((element) => element.name === '_id');
  const id = first === undefined ? undefined : promoteValue(raw, first.type, first.valueStart, first.valueEnd);
  return { id, key: valueKey(id) };
}

export class Collection {
  readonly database: string;
  readonly name: string;
  readonly indexes = new IndexCatalog();
  readonly uuid = new UUID();
  /** Creation options as given to `create` (listCollections shows them). */
  readonly options: AnyObject;
  /** Changed since the last snapshot was written. */
  dirty = true;
  readonly #order = new SortedKeys();
  readonly #documents = new Map<string, StoredDocument>();
  readonly #cache: PromotedCache;
  readonly #versionCounters: StoredVersionCounters | undefined;
  #dataBytes = 0;

  constructor(
    database: string,
    name: string,
    cache: PromotedCache,
    options: AnyObject = {},
    versionCounters?: StoredVersionCounters,
  ) {
    this.database = database;
    this.name = name;
    this.#cache = cache;
    this.options = options;
    this.#versionCounters = versionCounters;
  }

  get namespace(): string {
    return `${this.database}.${this.name}`;
  }

  get size(): number {
    return this.#documents.size;
  }

  /** Sum of stored BSON sizes. */
  get dataBytes(): number {
    return this.#dataBytes;
  }

  /** The uuid as listCollections reports it. */
  get uuidBinary(): Binary {
    return new Binary(this.uuid.buffer, Binary.SUBTYPE_UUID);
  }

  get(key: string): StoredDocument | undefined {
    return this.#documents.get(key);
  }

  /** The whole document decoded (cached; do not mutate). */
  decoded(document: StoredDocument): AnyObject {
    return this.#cache.get(document);
  }

  /** Only `fields` decoded (all when undefined): what a filter or sort needs to look at. */
  decodedFields(document: StoredDocument, fields: ReadonlySet<string> | undefined): AnyObject {
    return fields === undefined ? this.#cache.get(document) : promoteDocument(document.raw, 0, fields);
  }

  /** Only what `selection` reads decoded, down into array elements (bson/field-selection.ts). */
  decodedSelection(document: StoredDocument, selection: FieldsSelection): AnyObject {
    return promoteSelected(document.raw, 0, selection);
  }

  /** Stores a new document (raw, `_id` first). Throws E11000 on a duplicate `_id` or unique key. */
  insert(raw: Buffer): StoredDocument {
    const { id, key } = readId(raw);
    if (this.#documents.has(key)) duplicateIdError(this.namespace, id);
    const document: StoredDocument = { key, raw };
    this.#updateUniqueKeys(undefined, document);
    this.#documents.set(key, document);
    this.#order.insert(key);
    this.#dataBytes += raw.length;
    this.dirty = true;
    return document;
  }

  /** Replaces a stored document by a new version with the same `_id`. Throws E11000 and stores nothing on conflict. */
  replace(previous: StoredDocument, raw: Buffer): StoredDocument {
    const document: StoredDocument = { key: previous.key, raw };
    this.#updateUniqueKeys(previous, document);
    this.#documents.set(previous.key, document);
    this.#cache.forget(previous);
    this.#dataBytes += raw.length - previous.raw.length;
    this.#versionCounters?.recordNewVersion(previous.raw, raw);
    this.dirty = true;
    return document;
  }

  /** Deletes documents (one pass over the order, whatever their number). */
  remove(documents: readonly StoredDocument[]): void {
    if (documents.length === 0) return;
    for (const document of documents) {
      this.#updateUniqueKeys(document, undefined);
      this.#documents.delete(document.key);
      this.#cache.forget(document);
      this.#dataBytes -= document.raw.length;
    }
    if (documents.length === 1) this.#order.remove((documents[0] as StoredDocument).key);
    else this.#order.removeAll(new Set(documents.map((document) => document.key)));
    this.dirty = true;
  }

  /** Removes every document (drop): no per-document index bookkeeping. */
  clear(): void {
    for (const document of this.#documents.values()) this.#cache.forget(document);
    this.#documents.clear();
    this.#order.reset([]);
    this.#dataBytes = 0;
    this.dirty = true;
  }

  /**
   * Documents in `_id` order (descending when `reverse`), within `range`, after skipping `skip` of them; safe
   * against concurrent changes.
   */
  *scan(range: KeyRange = {}, reverse = false, skip = 0): Generator<StoredDocument> {
    const order = this.#order;
    const outOfRange = (key: string): boolean =>
      reverse
        ? range.lower !== undefined && (key < range.lower || (!range.lowerInclusive && key === range.lower))
        : range.upper !== undefined && (key > range.upper || (!range.upperInclusive && key === range.upper));
    const startIndex = (): number => {
      if (!reverse) return range.lower === undefined ? 0 : order.lowerBound(range.lower, !range.lowerInclusive);
      return range.upper === undefined
        ? order.size - 1
        : order.lowerBound(range.upper, range.upperInclusive === true) - 1;
    };
    // Skipping by position: `find({}).sort({_id: 1}).skip(n).limit(1)` does not walk n documents.
    let index = startIndex() + (reverse ? -skip : skip);
    let version = order.version;
    let lastKey: string | undefined;
    for (;;) {
      if (order.version !== version) {
        version = order.version;
        if (lastKey !== undefined) index = reverse ? order.lowerBound(lastKey) - 1 : order.lowerBound(lastKey, true);
      }
      const key = order.at(index);
      if (key === undefined || outOfRange(key)) return;
      index += reverse ? -1 : 1;
      lastKey = key;
      const document = this.#documents.get(key);
      if (document !== undefined) yield document;
    }
  }

  /** Adds an index after checking existing documents against its unique constraint. */
  addIndex(spec: IndexSpec): void {
    const constraint = this.indexes.constraintFor(spec);
    if (constraint !== undefined) {
      for (const document of this.#documents.values()) {
        const keys = constraint.keysOf(this.#decodedFor([constraint], document));
        constraint.assertFree(keys, document.key, this.namespace);
        constraint.add(keys, document.key);
      }
    }
    this.indexes.add(spec, constraint);
    this.dirty = true;
  }

  #decodedFor(constraints: readonly UniqueConstraint[], document: StoredDocument): AnyObject {
    if (constraints.some((constraint) => constraint.needsWholeDocument)) return this.decoded(document);
    return promoteDocument(document.raw, 0, new Set(constraints.flatMap((constraint) => constraint.topLevelFields())));
  }

  /** Moves unique keys from `previous` to `next` (either may be absent); all-or-nothing. */
  #updateUniqueKeys(previous: StoredDocument | undefined, next: StoredDocument | undefined): void {
    const constraints = this.indexes.uniqueConstraints();
    if (constraints.length === 0) return;
    const before = previous === undefined ? undefined : this.#decodedFor(constraints, previous);
    const after = next === undefined ? undefined : this.#decodedFor(constraints, next);
    const owner = (previous ?? next) as StoredDocument;
    const changes = constraints.map((constraint) => ({
      constraint,
      oldKeys: before === undefined ? [] : constraint.keysOf(before),
      newKeys: after === undefined ? [] : constraint.keysOf(after),
    }));
    for (const { constraint, newKeys } of changes) constraint.assertFree(newKeys, owner.key, this.namespace);
    for (const { constraint, oldKeys, newKeys } of changes) {
      constraint.remove(oldKeys, owner.key);
      constraint.add(newKeys, owner.key);
    }
  }
}

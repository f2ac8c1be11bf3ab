/** Databases and their collections. Collections are created implicitly by the first write, as in MongoDB. */
import { ErrorCode, fail } from '../errors.ts';
import { Collection } from './collection.ts';
import { PromotedCache } from './promoted-cache.ts';
import { StoredVersionCounters } from './version-counters.ts';

const invalidDatabaseCharacters = /[/\\. "$*<>:|?\0]/;

/** Throws InvalidNamespace (73) for names MongoDB refuses. */
export function assertValidNames(database: string, collection?: string): void {
  if (database.length === 0 || database.length > 63 || invalidDatabaseCharacters.test(database)) {
    fail(ErrorCode.InvalidNamespace, `Invalid database name: '${database}'`);
  }
  if (collection === undefined) return;
  if (collection.length === 0 || collection.includes('\0') || collection.startsWith('.') || collection.includes('$')) {
    fail(ErrorCode.InvalidNamespace, `Invalid collection name: ${collection}`);
  }
}

export class Catalog {
  readonly cache: PromotedCache;
  /** Bytes of the new document versions updates store, in every collection (serverStatus `embeddedStorage`). */
  readonly versionCounters = new StoredVersionCounters();
  readonly #databases = new Map<string, Map<string, Collection>>();
  /** Set when a collection or database was dropped since the last snapshot (its files must go). */
  dropsSinceSave = false;

  constructor(cache = new PromotedCache()) {
    this.cache = cache;
  }

  /** Names of databases that hold at least one collection. */
  databaseNames(): string[] {
    return [...this.#databases.entries()].filter(([, collections]) => collections.size > 0).map(([name]) => name);
  }

  collections(database: string): Collection[] {
    return [...(this.#databases.get(database)?.values() ?? [])];
  }

  get(database: string, name: string): Collection | undefined {
    return this.#databases.get(database)?.get(name);
  }

  /** The collection, created (empty) if it does not exist yet. */
  getOrCreate(database: string, name: string): Collection {
    return this.get(database, name) ?? this.create(database, name);
  }

  /** Creates a collection; NamespaceExists (48) if it is already there. */
  create(database: string, name: string, options: Record<string, unknown> = {}): Collection {
    assertValidNames(database, name);
    if (this.get(database, name) !== undefined)
      fail(ErrorCode.NamespaceExists, `Collection ${database}.${name} already exists.`);
    const collections = this.#databases.get(database) ?? new Map<string, Collection>();
    this.#databases.set(database, collections);
    const collection = new Collection(database, name, this.cache, options, this.versionCounters);
    collections.set(name, collection);
    return collection;
  }

  /** Adds a collection loaded from a snapshot. */
  adopt(collection: Collection): void {
    const collections = this.#databases.get(collection.database) ?? new Map<string, Collection>();
    this.#databases.set(collection.database, collections);
    collections.set(collection.name, collection);
  }

  /** Drops a collection; false if it did not exist. */
  drop(database: string, name: string): boolean {
    const collection = this.get(database, name);
    if (collection === undefined) return false;
    collection.clear();
    this.#databases.get(database)?.delete(name);
    this.dropsSinceSave = true;
    return true;
  }

  dropDatabase(database: string): void {
    for (const collection of this.collections(database)) this.drop(database, collection.name);
    this.#databases.delete(database);
  }
}

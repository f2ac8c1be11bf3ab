/**
 * Index specifications of one collection. Specs are stored as given (listIndexes returns them), `_id_` always
 * exists, and only unique indexes have runtime structures: queries scan, so other indexes need none. TTL
 * (`expireAfterSeconds`) is stored but never enforced.
 */
import { EJSON, Int32 } from 'bson';
import { toMatchable, toNumberOption } from '../bson/matchable.ts';
import { formatValue } from '../bson/format.ts';
import { ErrorCode, fail } from '../errors.ts';
import { compileFilter } from '../query/matcher.ts';
import { UniqueConstraint } from './unique-constraint.ts';

type AnyObject = Record<string, unknown>;

/** An index as listIndexes shows it (typed values kept as received). */
export interface IndexSpec {
  readonly name: string;
  readonly key: AnyObject;
  /** Every other option (unique, sparse, partialFilterExpression, expireAfterSeconds...). */
  readonly options: AnyObject;
}

const idIndex: IndexSpec = { name: '_id_', key: { _id: new Int32(1) }, options: {} };
const ignoredOptions = new Set(['v', 'background', 'ns']);

/** MongoDB's default index name: `field_direction` joined by `_`. */
export function defaultIndexName(key: AnyObject): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(toMatchable(direction))}`)
    .join('_');
}

/** The listIndexes document of a spec. */
export function indexDocument(spec: IndexSpec): AnyObject {
  return { v: new Int32(2), key: spec.key, name: spec.name, ...spec.options };
}

function sameKey(a: AnyObject, b: AnyObject): boolean {
  return EJSON.stringify(toMatchable(a)) === EJSON.stringify(toMatchable(b));
}

function comparableOptions(options: AnyObject): string {
  const relevant = Object.entries(options)
    .filter(([name]) => !ignoredOptions.has(name))
    .map(([name, value]) => [name, toMatchable(value)] as const)
    .filter(([, value]) => value !== false)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return EJSON.stringify(Object.fromEntries(relevant));
}

/** Parses one createIndexes entry; throws BadValue/CannotCreateIndex for malformed specs. */
export function parseIndexSpec(raw: AnyObject): IndexSpec {
  const key = raw['key'];
  if (key === null || typeof key !== 'object' || Array.isArray(key) || Object.keys(key).length === 0) {
    fail(
      ErrorCode.CannotCreateIndex,
      `Error in specification ${formatValue(toMatchable(raw))} :: caused by :: The 'key' field must be a non-empty object`,
    );
  }
  const name = raw['name'] === undefined ? defaultIndexName(key as AnyObject) : raw['name'];
  if (typeof name !== 'string' || name.length === 0)
    fail(ErrorCode.CannotCreateIndex, "The 'name' field must be a non-empty string");
  const options = Object.fromEntries(
    Object.entries(raw).filter(([field]) => field !== 'key' && field !== 'name' && !ignoredOptions.has(field)),
  );
  return { name, key: key as AnyObject, options };
}

export class IndexCatalog {
  readonly #specs: IndexSpec[] = [idIndex];
  readonly #unique = new Map<string, UniqueConstraint>();

  /** Every index, `_id_` first. */
  list(): readonly IndexSpec[] {
    return this.#specs;
  }

  /** Runtime structures of the unique indexes. */
  uniqueConstraints(): readonly UniqueConstraint[] {
    return [...this.#unique.values()];
  }

  /**
   * Checks a new spec against existing ones: returns false when an identical index exists (idempotent create),
   * throws 85/86 when it conflicts, true when it is new.
   */
  isNew(spec: IndexSpec): boolean {
    for (const existing of this.#specs) {
      const keyMatches = sameKey(existing.key, spec.key);
      const optionsMatch = comparableOptions(existing.options) === comparableOptions(spec.options);
      if (existing.name === spec.name) {
        if (keyMatches && optionsMatch) return false;
        if (!keyMatches) {
          fail(
            ErrorCode.IndexKeySpecsConflict,
            `An existing index has the same name as the requested index. Requested index: ${describe(spec)}, existing index: ${describe(existing)}`,
          );
        }
        fail(
          ErrorCode.IndexOptionsConflict,
          `An existing index has the same name as the requested index. Requested index: ${describe(spec)}, existing index: ${describe(existing)}`,
        );
      }
      if (keyMatches && optionsMatch)
        fail(ErrorCode.IndexOptionsConflict, `Index already exists with a different name: ${existing.name}`);
      if (keyMatches)
        fail(
          ErrorCode.IndexOptionsConflict,
          `An equivalent index already exists with a different name and options. Requested index: ${describe(spec)}, existing index: ${describe(existing)}`,
        );
    }
    return true;
  }

  /** A unique constraint for `spec` (not registered yet), or undefined when the index is not unique. */
  constraintFor(spec: IndexSpec): UniqueConstraint | undefined {
    if (toNumberOption(spec.options['unique'], 0) === 0) return undefined;
    const partial = spec.options['partialFilterExpression'];
    const matcher = partial === undefined ? undefined : compileFilter(toMatchable(partial) as AnyObject);
    return new UniqueConstraint(
      spec.name,
      Object.keys(spec.key),
      toNumberOption(spec.options['sparse'], 0) !== 0,
      matcher,
    );
  }

  /** Registers a spec (and its filled constraint). */
  add(spec: IndexSpec, constraint: UniqueConstraint | undefined): void {
    this.#specs.push(spec);
    if (constraint !== undefined) this.#unique.set(spec.name, constraint);
  }

  /** Drops one index by name or key pattern; `_id_` cannot be dropped. */
  drop(nameOrKey: string | AnyObject): void {
    const index = this.#specs.findIndex((spec) =>
      typeof nameOrKey === 'string' ? spec.name === nameOrKey : sameKey(spec.key, nameOrKey),
    );
    const spec = this.#specs[index];
    if (spec === undefined) {
      const label = typeof nameOrKey === 'string' ? nameOrKey : formatValue(toMatchable(nameOrKey));
      fail(ErrorCode.IndexNotFound, `index not found with name [${label}]`);
    }
    if (spec.name === '_id_') fail(ErrorCode.InvalidOptions, 'cannot drop _id index');
    this.#specs.splice(index, 1);
    this.#unique.delete(spec.name);
  }

  /** Drops every index except `_id_`. */
  dropAll(): void {
    this.#specs.splice(1);
    this.#unique.clear();
  }
}

function describe(spec: IndexSpec): string {
  return formatValue(toMatchable(indexDocument(spec)));
}

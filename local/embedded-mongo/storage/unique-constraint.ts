/**
 * Enforcement of one unique index: the index keys of every indexed document and which document owns each.
 * Keys follow MongoDB: multikey over arrays, compound keys as a cartesian product, a missing field indexes as null
 * (so two documents without the field collide) unless the index is sparse, and a partial index only covers
 * documents that match its partialFilterExpression.
 */
import { valueKey } from '../bson/compare.ts';
import { formatFields } from '../bson/format.ts';
import { ErrorCode, fail } from '../errors.ts';
import { collectIndexValues } from '../query/field-paths.ts';
import type { Matcher } from '../query/matcher.ts';

type AnyObject = Record<string, unknown>;

/** One index key: its lookup string and the field values it was made of (for error messages). */
interface IndexKey {
  readonly text: string;
  readonly values: readonly unknown[];
}

export class UniqueConstraint {
  readonly name: string;
  readonly fields: readonly string[];
  readonly #sparse: boolean;
  readonly #partial: Matcher | undefined;
  readonly #owners = new Map<string, string>();

  constructor(name: string, fields: readonly string[], sparse: boolean, partial: Matcher | undefined) {
    this.name = name;
    this.fields = fields;
    this.#sparse = sparse;
    this.#partial = partial;
  }

  /** Top-level fields needed to compute this index's keys (and its partial filter). */
  topLevelFields(): string[] {
    const partialFields = this.#partial?.fields;
    return [...this.fields.map((field) => field.split('.')[0] as string), ...(partialFields ?? [])];
  }

  /** True when the partial filter needs whole documents (then callers decode them fully). */
  get needsWholeDocument(): boolean {
    return this.#partial !== undefined && this.#partial.fields === undefined;
  }

  /** The index keys of a document (empty when sparse/partial leave it out). */
  keysOf(document: AnyObject): IndexKey[] {
    if (this.#partial !== undefined && !this.#partial.test(document)) return [];
    const perField = this.fields.map((field) => collectIndexValues(document, field));
    if (this.#sparse && perField.every((values) => values.length === 0)) return [];
    let keys: IndexKey[] = [{ text: '', values: [] }];
    for (const values of perField) {
      const options = values.length === 0 ? [null] : values;
      keys = keys.flatMap((key) =>
        options.map((value) => ({ text: `${key.text}|${valueKey(value)}`, values: [...key.values, value] })),
      );
    }
    return keys;
  }

  /** Throws E11000 if any of `keys` belongs to a document other than `owner`. */
  assertFree(keys: readonly IndexKey[], owner: string, namespace: string): void {
    for (const key of keys) {
      const current = this.#owners.get(key.text);
      if (current !== undefined && current !== owner) this.#duplicate(key, namespace);
    }
  }

  /** Records `keys` as owned by `owner` (after assertFree). */
  add(keys: readonly IndexKey[], owner: string): void {
    for (const key of keys) this.#owners.set(key.text, owner);
  }

  /** Releases keys owned by `owner`. */
  remove(keys: readonly IndexKey[], owner: string): void {
    for (const key of keys) if (this.#owners.get(key.text) === owner) this.#owners.delete(key.text);
  }

  #duplicate(key: IndexKey, namespace: string): never {
    const pairs = this.fields.map((field, i) => [field, key.values[i]] as const);
    return fail(
      ErrorCode.DuplicateKey,
      `E11000 duplicate key error collection: ${namespace} index: ${this.name} dup key: ${formatFields(pairs)}`,
      {
        keyPattern: Object.fromEntries(this.fields.map((field) => [field, 1])),
        keyValue: Object.fromEntries(pairs),
      },
    );
  }
}

/** Duplicate `_id`: same message shape as a unique index. */
export function duplicateIdError(namespace: string, id: unknown): never {
  return fail(
    ErrorCode.DuplicateKey,
    `E11000 duplicate key error collection: ${namespace} index: _id_ dup key: ${formatFields([['_id', id]])}`,
    {
      keyPattern: { _id: 1 },
      keyValue: { _id: id },
    },
  );
}

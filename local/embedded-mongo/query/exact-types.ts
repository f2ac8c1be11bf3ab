/**
 * Exact BSON types for `$type`. Matching works on promoted copies where Int32, Int64, Double and Decimal128 are all
 * JavaScript numbers; the stored bytes still say which one a value is. These helpers walk the stored bytes a decoded
 * document came from (`storedSourceOf`) along a path and report the type bytes found there, after checking that the
 * bytes still decode to the values being matched (a pipeline stage may have changed the document in place). When no
 * stored source is available (a computed document), callers fall back to typing by value.
 */
import { compareValues } from '../bson/compare.ts';
import { isPlainObject } from '../bson/matchable.ts';
import { promoteValue, storedSourceOf, typedSourceOf } from '../bson/promote.ts';
import { BsonType, bsonTypeAlias, findElement, forEachElement } from '../bson/raw-reader.ts';
import { collectPathValues } from './field-paths.ts';
import { typeNameOf } from './type-names.ts';

/** One value a path reached: its type alias, and for an array the aliases of its elements. */
export interface TypedValue {
  readonly alias: string;
  readonly elementAliases?: readonly string[];
}

interface RawValueAt {
  readonly buffer: Buffer;
  readonly type: number;
  readonly start: number;
  readonly end: number;
}

/** `$type` arguments only the stored bytes can answer: the numeric aliases and codes ("number" is any number). */
const numericTypeArguments = new Set<unknown>(['double', 'int', 'long', 'decimal', 1, 16, 18, 19]);

/** True when a `$type` argument (alias, code, or a list of them) names a specific numeric type. */
export function needsStoredType(argument: unknown): boolean {
  return Array.isArray(argument) ? argument.some(needsStoredType) : numericTypeArguments.has(argument);
}

/**
 * True when a query condition asks `$type` for a specific numeric type anywhere, so the matcher must see whole,
 * stored-backed documents. Other `$type` queries (string, array, object, date...) are exact by value already.
 */
export function containsNumericTypeQuery(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsNumericTypeQuery);
  if (!isPlainObject(value)) return false;
  return Object.entries(value).some(([key, inner]) =>
    key === '$type' ? needsStoredType(inner) : containsNumericTypeQuery(inner),
  );
}

function elementsOf(value: RawValueAt): RawValueAt[] {
  const elements: RawValueAt[] = [];
  forEachElement(value.buffer, value.start, (element) => {
    elements.push({ buffer: value.buffer, type: element.type, start: element.valueStart, end: element.valueEnd });
  });
  return elements;
}

/** Mirrors `collectPathValues` (field-paths.ts) on raw bytes. */
function collectRaw(value: RawValueAt, segments: readonly string[], index: number, out: RawValueAt[]): void {
  if (index === segments.length) {
    out.push(value);
    return;
  }
  const segment = segments[index] as string;
  if (value.type === BsonType.array) {
    const elements = elementsOf(value);
    if (/^\d+$/.test(segment)) {
      const element = elements[Number(segment)];
      if (element !== undefined) collectRaw(element, segments, index + 1, out);
      return;
    }
    for (const element of elements) if (element.type === BsonType.document) collectRaw(element, segments, index, out);
    return;
  }
  if (value.type !== BsonType.document) return;
  const element = findElement(value.buffer, segment, value.start);
  if (element !== undefined)
    collectRaw(
      { buffer: value.buffer, type: element.type, start: element.valueStart, end: element.valueEnd },
      segments,
      index + 1,
      out,
    );
}

/** `partial`: also a document decoded with only some fields (enough for a walk along one decoded path). */
function rootOf(document: object, partial = false): RawValueAt | undefined {
  const source = partial ? typedSourceOf(document) : storedSourceOf(document);
  if (source === undefined) return undefined;
  const type = Array.isArray(document) ? BsonType.array : BsonType.document;
  return { buffer: source, type, start: 0, end: source.length };
}

function decodesTo(raw: RawValueAt, value: unknown): boolean {
  return compareValues(promoteValue(raw.buffer, raw.type, raw.start, raw.end), value) === 0;
}

function aliasOf(raw: RawValueAt): string {
  return bsonTypeAlias[raw.type] ?? 'unknown';
}

/**
 * The exact types of every value `path` reaches in `document` (query semantics: arrays on the way are descended),
 * or undefined when the document has no stored source or no longer matches it.
 */
export function exactPathTypes(document: object, path: string): TypedValue[] | undefined {
  const root = rootOf(document);
  if (root === undefined) return undefined;
  const found: RawValueAt[] = [];
  collectRaw(root, path.split('.'), 0, found);
  const decoded = collectPathValues(document, path);
  if (found.length !== decoded.length || found.some((raw, index) => !decodesTo(raw, decoded[index]))) return undefined;
  return found.map((raw) =>
    raw.type === BsonType.array
      ? { alias: 'array', elementAliases: elementsOf(raw).map(aliasOf) }
      : { alias: aliasOf(raw) },
  );
}

/**
 * The `$type` of an expression field path (`$a.b`, `$$this.a`) evaluated to `value` from `container`: the stored
 * type when the path goes through documents only and the bytes still hold `value`, else the type by value.
 */
export function exactExpressionType(container: unknown, segments: readonly string[], value: unknown): string {
  const byValue = typeNameOf(value);
  // Only numbers lose their BSON type when decoded; every other type is exact by value (and costs no walk).
  if (typeof value !== 'number' || segments.length === 0 || container === null || typeof container !== 'object')
    return byValue;
  let current = rootOf(container, true);
  for (const segment of segments) {
    if (current === undefined || current.type !== BsonType.document) return byValue;
    const element = findElement(current.buffer, segment, current.start);
    current =
      element === undefined
        ? undefined
        : { buffer: current.buffer, type: element.type, start: element.valueStart, end: element.valueEnd };
  }
  return current !== undefined && decodesTo(current, value) ? aliasOf(current) : byValue;
}

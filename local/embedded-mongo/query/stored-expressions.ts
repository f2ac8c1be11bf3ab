/**
 * Answers of `$type`, `$size`/`$isArray` and `$map`/`$filter` inputs for deferred values (stored-values.ts), read from
 * the stored bytes. Each gives what the same operator gives on the decoded value (expressions.ts).
 */
import { promoteValue } from '../bson/promote.ts';
import { BsonType, bsonTypeAlias } from '../bson/raw-reader.ts';
import {
  DeferredList,
  type DeferredValue,
  type StoredElement,
  storedElements,
  storedLength,
  StoredValue,
} from './stored-values.ts';
import { typeNameOf } from './type-names.ts';

const numericTypes = new Set<number>([BsonType.double, BsonType.int32, BsonType.int64, BsonType.decimal128]);

/** Type names that equal `typeNameOf` of the decoded value, so need no decoding. */
const typeNameByByte: Readonly<Record<number, string>> = {
  [BsonType.document]: 'object',
  [BsonType.array]: 'array',
  [BsonType.string]: 'string',
  [BsonType.boolean]: 'bool',
  [BsonType.date]: 'date',
  [BsonType.null]: 'null',
  [BsonType.objectId]: 'objectId',
  [BsonType.binary]: 'binData',
};

/**
 * `$type` of a field path that reached `element` through stored documents. A number reached by at least one field
 * name reports its stored type, as `exactExpressionType` does on decoded documents; other types are named as
 * `typeNameOf` names their decoded value (decoding the rare ones to be sure).
 */
export function storedTypeName(buffer: Buffer, element: StoredElement, reachedByFieldName: boolean): string {
  if (numericTypes.has(element.type) && reachedByFieldName) return bsonTypeAlias[element.type] as string;
  return typeNameByByte[element.type] ?? typeNameOf(promoteValue(buffer, element.type, element.start, element.end));
}

/** The length of a deferred array, or undefined when the value is not an array. */
export function storedArrayLength(value: DeferredValue): number | undefined {
  if (value instanceof DeferredList) return value.items.length;
  if (value instanceof StoredValue && value.type === BsonType.array) return storedLength(value.buffer, value.start);
  return undefined;
}

/** The elements of a stored array (documents and arrays deferred), or undefined when it is a document. */
export function storedArrayElements(value: StoredValue): unknown[] | undefined {
  return value.type === BsonType.array ? storedElements(value.buffer, value.start) : undefined;
}

/**
 * The BSON type name of a value, with MongoDB's `$type` aggregation spelling ("missing", "string", "array",
 * "object", "date", ...), so a digest computed here equals one computed by the database.
 */
export type BsonTypeName =
  | 'missing'
  | 'null'
  | 'string'
  | 'bool'
  | 'double'
  | 'int'
  | 'long'
  | 'decimal'
  | 'date'
  | 'objectId'
  | 'binData'
  | 'regex'
  | 'timestamp'
  | 'array'
  | 'object'
  | 'minKey'
  | 'maxKey'
  | 'javascript'
  | 'undefined';

const wrapperTypeNames: Readonly<Record<string, BsonTypeName>> = {
  Int32: 'int',
  Double: 'double',
  Long: 'long',
  Decimal128: 'decimal',
  ObjectId: 'objectId',
  Binary: 'binData',
  BSONRegExp: 'regex',
  Timestamp: 'timestamp',
  MinKey: 'minKey',
  MaxKey: 'maxKey',
  Code: 'javascript',
};

/** Classifies a value as the driver returns it, with or without promoted values. */
export function bsonTypeOf(value: unknown): BsonTypeName {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? 'int' : 'double';
  if (typeof value === 'bigint') return 'long';
  if (value instanceof Date) return 'date';
  if (Array.isArray(value)) return 'array';
  if (value instanceof RegExp) return 'regex';
  if (value instanceof Uint8Array) return 'binData';
  if (typeof value === 'object') {
    const bsontype = (value as { _bsontype?: unknown })._bsontype;
    if (typeof bsontype === 'string') return wrapperTypeNames[bsontype] ?? 'object';
    return 'object';
  }
  return 'undefined';
}

/** True for a plain embedded document (not an array, date or BSON wrapper). */
export function isDocument(value: unknown): value is Record<string, unknown> {
  return bsonTypeOf(value) === 'object';
}

/** A valid BSON date (an Invalid Date is not one). */
export function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

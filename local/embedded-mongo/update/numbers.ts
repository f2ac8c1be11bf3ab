/**
 * Arithmetic for $inc and $mul with MongoDB's type rules: int32 op int32 stays int32 unless it overflows (then
 * int64), int64 stays int64 (overflow is an error), a double makes a double, a decimal makes a decimal.
 */
import { Decimal128, Double, Int32, Long } from 'bson';
import { BsonType } from '../bson/raw-reader.ts';
import { ErrorCode, fail } from '../errors.ts';
import { leaf, type LeafNode, type TreeNode } from './tree.ts';

/** A number with its BSON type. */
export type TypedNumber =
  | { readonly type: 'int32'; readonly value: number }
  | { readonly type: 'int64'; readonly value: bigint }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'decimal'; readonly value: number };

const int32Min = -2147483648;
const int32Max = 2147483647;
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** The number stored in a node, or undefined when the node is not numeric. */
export function numberOfNode(node: TreeNode): TypedNumber | undefined {
  if (node.kind !== 'leaf') return undefined;
  switch (node.type) {
    case BsonType.int32:
      return { type: 'int32', value: node.bytes.readInt32LE(0) };
    case BsonType.int64:
      return { type: 'int64', value: node.bytes.readBigInt64LE(0) };
    case BsonType.double:
      return { type: 'double', value: node.bytes.readDoubleLE(0) };
    case BsonType.decimal128:
      return { type: 'decimal', value: Number(new Decimal128(node.bytes).toString()) };
    default:
      return undefined;
  }
}

/** The number of a typed command argument (Int32, Double, Long, Decimal128 or a JS number). */
export function numberOfArgument(value: unknown): TypedNumber {
  if (value instanceof Int32) return { type: 'int32', value: value.value };
  if (value instanceof Double) return { type: 'double', value: value.value };
  if (value instanceof Long) return { type: 'int64', value: value.toBigInt() };
  if (value instanceof Decimal128) return { type: 'decimal', value: Number(value.toString()) };
  const n = Number(value);
  return Number.isInteger(n) && n >= int32Min && n <= int32Max
    ? { type: 'int32', value: n }
    : { type: 'double', value: n };
}

/** Encodes a typed number as a leaf. */
export function leafOfNumber(number: TypedNumber): LeafNode {
  switch (number.type) {
    case 'int32': {
      const bytes = Buffer.alloc(4);
      bytes.writeInt32LE(number.value);
      return leaf(BsonType.int32, bytes);
    }
    case 'int64': {
      const bytes = Buffer.alloc(8);
      bytes.writeBigInt64LE(number.value);
      return leaf(BsonType.int64, bytes);
    }
    case 'double': {
      const bytes = Buffer.alloc(8);
      bytes.writeDoubleLE(number.value);
      return leaf(BsonType.double, bytes);
    }
    case 'decimal':
      return leaf(BsonType.decimal128, Buffer.from(Decimal128.fromString(String(number.value)).bytes));
  }
}

function asNumber(number: TypedNumber): number {
  return typeof number.value === 'bigint' ? Number(number.value) : number.value;
}

function asBigInt(number: TypedNumber): bigint {
  return typeof number.value === 'bigint' ? number.value : BigInt(number.value);
}

/** `a + b` (operation 'add') or `a * b` ('multiply') with MongoDB's result type. */
export function combine(
  a: TypedNumber,
  b: TypedNumber,
  operation: 'add' | 'multiply',
  describe: () => string,
): TypedNumber {
  const apply = (x: number, y: number): number => (operation === 'add' ? x + y : x * y);
  if (a.type === 'decimal' || b.type === 'decimal') return { type: 'decimal', value: apply(asNumber(a), asNumber(b)) };
  if (a.type === 'double' || b.type === 'double') return { type: 'double', value: apply(asNumber(a), asNumber(b)) };
  const result = operation === 'add' ? asBigInt(a) + asBigInt(b) : asBigInt(a) * asBigInt(b);
  if (a.type === 'int32' && b.type === 'int32' && result >= int32Min && result <= int32Max)
    return { type: 'int32', value: Number(result) };
  if (result < int64Min || result > int64Max) {
    fail(
      ErrorCode.BadValue,
      `Failed to apply ${operation === 'add' ? '$inc' : '$mul'} operations to current value (${describe()}): integer overflow`,
    );
  }
  return { type: 'int64', value: result };
}

/** `0 * argument` typed like the argument: what $mul stores in a missing field. */
export function zeroLike(number: TypedNumber): TypedNumber {
  return number.type === 'int64' ? { type: 'int64', value: 0n } : ({ ...number, value: 0 } as TypedNumber);
}

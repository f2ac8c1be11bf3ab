/**
 * A mutable view of a raw BSON document for updates. Only the nodes an update path walks through are decoded;
 * every other value stays as its original bytes, so an update never changes the type, encoding or key order of a
 * field it does not touch (an integral Double stays a Double, a Long stays a Long).
 */
import { BsonParts, encodeValue, elementHeader } from '../bson/raw-writer.ts';
import { promoteValue } from '../bson/promote.ts';
import { BsonType, bsonTypeAlias, forEachElement } from '../bson/raw-reader.ts';

/** A value kept as raw bytes (a scalar, or a document/array not decoded yet). */
export interface LeafNode {
  readonly kind: 'leaf';
  readonly type: number;
  readonly bytes: Buffer;
}

/** A decoded document: fields in stored order (a Map keeps numeric-looking keys in place, unlike an object). */
export interface DocNode {
  readonly kind: 'doc';
  readonly fields: Map<string, TreeNode>;
}

export interface ArrayNode {
  readonly kind: 'array';
  readonly items: TreeNode[];
}

export type TreeNode = LeafNode | DocNode | ArrayNode;

/** A leaf from raw value bytes. */
export function leaf(type: number, bytes: Buffer): LeafNode {
  return { kind: 'leaf', type, bytes };
}

/** A leaf holding `value` encoded as `BSON.serialize` would (typed values keep their BSON type). */
export function leafFromValue(value: unknown): LeafNode {
  const { type, bytes } = encodeValue(value);
  return leaf(type, bytes);
}

/** One level of a raw document. */
export function parseDocument(raw: Buffer): DocNode {
  const fields = new Map<string, TreeNode>();
  forEachElement(raw, 0, (element) => {
    fields.set(element.name, leaf(element.type, raw.subarray(element.valueStart, element.valueEnd)));
  });
  return { kind: 'doc', fields };
}

function parseArray(raw: Buffer): ArrayNode {
  const items: TreeNode[] = [];
  forEachElement(raw, 0, (element) => {
    items.push(leaf(element.type, raw.subarray(element.valueStart, element.valueEnd)));
  });
  return { kind: 'array', items };
}

/** Decodes one more level of a raw document or array leaf; other nodes are returned as they are. */
export function open(node: TreeNode): TreeNode {
  if (node.kind !== 'leaf') return node;
  if (node.type === BsonType.document) return parseDocument(node.bytes);
  if (node.type === BsonType.array) return parseArray(node.bytes);
  return node;
}

/** The BSON type byte of a node. */
export function typeOf(node: TreeNode): number {
  if (node.kind === 'leaf') return node.type;
  return node.kind === 'doc' ? BsonType.document : BsonType.array;
}

/** MongoDB's type name of a node ("string", "array"...), for error messages. */
export function typeNameOfNode(node: TreeNode): string {
  return bsonTypeAlias[typeOf(node)] ?? 'unknown';
}

function writeNode(out: BsonParts, node: TreeNode): void {
  if (node.kind === 'leaf') out.push(node.bytes);
  else if (node.kind === 'doc') {
    out.document(() => {
      for (const [name, child] of node.fields) {
        out.push(elementHeader(typeOf(child), name));
        writeNode(out, child);
      }
    });
  } else {
    out.document(() =>
      node.items.forEach((item, index) => {
        out.push(elementHeader(typeOf(item), String(index)));
        writeNode(out, item);
      }),
    );
  }
}

/** The value bytes of a node (documents and arrays re-encoded from their children, copied once). */
export function nodeBytes(node: TreeNode): Buffer {
  if (node.kind === 'leaf') return node.bytes;
  const out = new BsonParts();
  writeNode(out, node);
  return out.concat();
}

/** The whole document as BSON. */
export function serializeDocument(document: DocNode): Buffer {
  return nodeBytes(document);
}

/** The matchable value of a node (for query conditions and comparisons). */
export function matchableOf(node: TreeNode): unknown {
  const bytes = nodeBytes(node);
  return promoteValue(bytes, typeOf(node), 0, bytes.length);
}

/** True when both nodes encode to the same bytes (same value, same types). */
export function sameBytes(a: TreeNode, b: TreeNode): boolean {
  return typeOf(a) === typeOf(b) && nodeBytes(a).equals(nodeBytes(b));
}

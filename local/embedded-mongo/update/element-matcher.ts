/**
 * Conditions tested against array elements during an update (array filters, $pull). An element is decoded only
 * as far as its condition reads: `{"s.sessionId": "x"}` decodes `sessionId` of each history entry, never the
 * 10 KB of cookies next to it.
 */
import { isPlainObject } from '../bson/matchable.ts';
import { promoteDocument } from '../bson/promote.ts';
import { BsonType } from '../bson/raw-reader.ts';
import { referencedFields } from '../query/matcher.ts';
import { matchableOf, type TreeNode } from './tree.ts';

type AnyObject = Record<string, unknown>;

/** Tests one array element (a tree node). */
export type ElementTest = (element: TreeNode) => boolean;

/** Decodes an element with only `fields` when it is a stored sub-document, else entirely. */
export function elementDecoder(fields: ReadonlySet<string> | undefined): (element: TreeNode) => unknown {
  if (fields === undefined) return matchableOf;
  return (element) =>
    element.kind === 'leaf' && element.type === BsonType.document
      ? promoteDocument(element.bytes, 0, fields)
      : matchableOf(element);
}

/**
 * The element fields an array filter for `identifier` reads (`{"s.a": 1, "s.b.c": 2}` -> {a, b}); undefined when it
 * needs the whole element (a condition on `s` itself, or $expr).
 */
export function arrayFilterFields(filter: AnyObject, identifier: string): Set<string> | undefined {
  const topLevel = referencedFields(filter);
  if (topLevel === undefined) return undefined;
  const fields = new Set<string>();
  const visit = (condition: AnyObject): boolean => {
    for (const [key, value] of Object.entries(condition)) {
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (!Array.isArray(value) || !value.every((clause) => isPlainObject(clause) && visit(clause))) return false;
      } else if (key === identifier) {
        return false;
      } else if (key.startsWith(`${identifier}.`)) {
        fields.add(key.slice(identifier.length + 1).split('.')[0] as string);
      }
    }
    return true;
  };
  return visit(filter) ? fields : undefined;
}

/**
 * The document an upsert starts from: the equality conditions of its query (`{a: 1, "b.c": 2, $and: [...]}`),
 * then the update is applied to it as an insert.
 */
import { ObjectId } from 'bson';
import { isPlainObject } from '../bson/matchable.ts';
import { resolveTarget, setChild } from './navigate.ts';
import { type DocNode, leafFromValue, serializeDocument } from './tree.ts';
import { withIdFirst } from './apply-update.ts';

type AnyObject = Record<string, unknown>;

function equalityValue(condition: unknown): { value: unknown } | undefined {
  if (!isPlainObject(condition)) return condition instanceof RegExp ? undefined : { value: condition };
  const keys = Object.keys(condition);
  if (keys.length === 0 || !keys.some((key) => key.startsWith('$'))) return { value: condition };
  return keys.length === 1 && keys[0] === '$eq' ? { value: condition['$eq'] } : undefined;
}

function addEqualities(document: DocNode, filter: AnyObject): void {
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) addEqualities(document, clause);
      continue;
    }
    if (key.startsWith('$')) continue;
    const equality = equalityValue(condition);
    if (equality === undefined) continue;
    const target = resolveTarget(document, key.split('.'), true);
    if (target !== undefined) setChild(target.parent, target.key, leafFromValue(equality.value));
  }
}

/** Seed BSON for an upsert from the (typed) query filter. */
export function upsertSeed(filter: AnyObject): Buffer {
  const document: DocNode = { kind: 'doc', fields: new Map() };
  addEqualities(document, filter);
  return serializeDocument(withIdFirst(document));
}

/** Adds a generated ObjectId `_id` first when the document has none. */
export function ensureGeneratedId(document: DocNode): DocNode {
  if (!document.fields.has('_id')) document.fields.set('_id', leafFromValue(new ObjectId()));
  return withIdFirst(document);
}

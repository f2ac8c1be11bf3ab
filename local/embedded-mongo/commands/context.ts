/** What every command handler receives, and small helpers to read command arguments. */
import { BSON } from 'bson';
import { isPlainObject, toMatchable } from '../bson/matchable.ts';
import { ErrorCode, fail } from '../errors.ts';
import type { Catalog } from '../storage/catalog.ts';
import type { Collection } from '../storage/collection.ts';
import type { CursorRegistry } from './cursors.ts';

type AnyObject = Record<string, unknown>;

/** Decoding options that keep every BSON type of a command as sent (Int32 vs Double vs Long...). */
export const typedDecoding = { promoteValues: false, promoteBuffers: false, promoteLongs: false } as const;

export interface CommandContext {
  readonly catalog: Catalog;
  readonly cursors: CursorRegistry;
  /** The command's database (`$db`, or the legacy namespace). */
  readonly database: string;
  /** The command document, decoded with `typedDecoding`. */
  readonly body: AnyObject;
  /** OP_MSG document sequences, raw. */
  readonly sequences: ReadonlyMap<string, readonly Buffer[]>;
  readonly connection: { readonly id: number; readonly remoteAddress: string };
  readonly server: { readonly port: number; readonly startedAt: Date };
}

/** A handler returns the reply fields; the dispatcher adds `ok: 1`. */
export type CommandHandler = (context: CommandContext) => AnyObject;

/** The collection name given as the command's value (`{find: "leads"}`). */
export function collectionName(context: CommandContext, command: string): string {
  const name = context.body[command];
  if (typeof name !== 'string' || name.length === 0) {
    fail(ErrorCode.InvalidNamespace, `collection name has invalid type ${Array.isArray(name) ? 'array' : typeof name}`);
  }
  return name;
}

/** The existing collection, or undefined. */
export function existingCollection(context: CommandContext, command: string): Collection | undefined {
  return context.catalog.get(context.database, collectionName(context, command));
}

/** An optional document argument as a matchable value (`filter`, `query`...). */
export function matchableDocument(value: unknown, name: string): AnyObject {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value))
    fail(ErrorCode.TypeMismatch, `BSON field '${name}' is the wrong type '${typeof value}', expected type 'object'`);
  return toMatchable(value) as AnyObject;
}

/**
 * Statements of a write command: from an OP_MSG document sequence (raw, decoded here) or inline in the body.
 */
export function statements(context: CommandContext, field: string): AnyObject[] {
  const sequence = context.sequences.get(field);
  if (sequence !== undefined) return sequence.map((raw) => BSON.deserialize(raw, typedDecoding));
  const inline = context.body[field];
  return Array.isArray(inline) ? (inline as AnyObject[]) : [];
}

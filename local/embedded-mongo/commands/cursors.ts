/**
 * Server-side cursors: find and aggregate results are produced lazily and handed out in batches (`batchSize`,
 * default first batch 101 documents, every batch at most 16 MiB), continued by getMore and closed by killCursors.
 * Ids are int64 (the driver rejects int32 ids); idle cursors expire after 10 minutes, as in MongoDB.
 */
import { Long } from 'bson';
import { RawDocument } from '../bson/raw-writer.ts';
import { ErrorCode, fail } from '../errors.ts';

const defaultFirstBatch = 101;
const maxBatchBytes = 16 * 1024 * 1024;
const idleTimeoutMs = 10 * 60 * 1000;

interface OpenCursor {
  readonly namespace: string;
  readonly source: Iterator<Buffer>;
  /** A document already pulled from the source (to know whether more exist). */
  pending: Buffer | undefined;
  lastUsed: number;
  readonly createdAt: Date;
  readonly originatingCommand: Record<string, unknown>;
  documentsReturned: number;
  batchesReturned: number;
}

/** An open cursor as `$currentOp` with `idleCursors: true` lists it. */
export interface CursorDescription {
  readonly id: Long;
  readonly namespace: string;
  readonly createdAt: Date;
  readonly lastUsed: Date;
  readonly documentsReturned: number;
  readonly batchesReturned: number;
  readonly originatingCommand: Record<string, unknown>;
}

/** The `cursor` field of a find/aggregate/getMore reply. */
export type CursorReply = {
  readonly cursor: {
    readonly id: Long;
    readonly ns: string;
    readonly firstBatch?: RawDocument[];
    readonly nextBatch?: RawDocument[];
  };
};

export class CursorRegistry {
  readonly #open = new Map<bigint, OpenCursor>();
  #nextId = BigInt(1 + Math.floor(Math.random() * 1_000_000)) * 1_000_000n;
  #nextOperationId = 1;
  /** The command being run (set by the dispatcher), recorded as each new cursor's originating command. */
  currentCommand: Record<string, unknown> = {};

  /** A fresh operation id for `$currentOp`. */
  nextOperationId(): number {
    return this.#nextOperationId++;
  }

  /** The open cursors, oldest first. */
  describe(): CursorDescription[] {
    this.#expireIdle();
    return [...this.#open].map(([id, cursor]) => ({
      id: Long.fromBigInt(id),
      namespace: cursor.namespace,
      createdAt: cursor.createdAt,
      lastUsed: new Date(cursor.lastUsed),
      documentsReturned: cursor.documentsReturned,
      batchesReturned: cursor.batchesReturned,
      originatingCommand: cursor.originatingCommand,
    }));
  }

  /** Number of open cursors (tests and stats). */
  get size(): number {
    return this.#open.size;
  }

  /**
   * Returns the first batch; keeps a cursor open when documents remain (unless `singleBatch`).
   * `batchSize` undefined means the default first batch of 101 documents.
   */
  open(
    namespace: string,
    documents: Iterable<Buffer>,
    batchSize: number | undefined,
    singleBatch = false,
  ): CursorReply {
    this.#expireIdle();
    const cursor: OpenCursor = {
      namespace,
      source: documents[Symbol.iterator](),
      pending: undefined,
      lastUsed: Date.now(),
      createdAt: new Date(),
      originatingCommand: this.currentCommand,
      documentsReturned: 0,
      batchesReturned: 0,
    };
    const batch = this.#take(cursor, batchSize ?? defaultFirstBatch);
    const exhausted = this.#exhausted(cursor);
    let id = 0n;
    if (!exhausted && !singleBatch) {
      id = this.#nextId++;
      this.#open.set(id, cursor);
    }
    return { cursor: { firstBatch: batch, id: Long.fromBigInt(id), ns: namespace } };
  }

  /** The next batch of an open cursor; CursorNotFound (43) for unknown ids. */
  getMore(id: bigint, namespace: string, batchSize: number | undefined): CursorReply {
    const cursor = this.#open.get(id);
    if (cursor === undefined) fail(ErrorCode.CursorNotFound, `cursor id ${String(id)} not found`);
    if (cursor.namespace !== namespace)
      fail(
        13,
        `Requested getMore on namespace '${namespace}', but cursor belongs to a different namespace ${cursor.namespace}`,
      );
    cursor.lastUsed = Date.now();
    const batch = this.#take(cursor, batchSize ?? Number.POSITIVE_INFINITY);
    const exhausted = this.#exhausted(cursor);
    if (exhausted) this.#open.delete(id);
    return { cursor: { nextBatch: batch, id: Long.fromBigInt(exhausted ? 0n : id), ns: namespace } };
  }

  /** Closes cursors; returns which ids were open. */
  kill(ids: readonly bigint[]): { killed: bigint[]; notFound: bigint[] } {
    const killed = ids.filter((id) => this.#open.delete(id));
    return { killed, notFound: ids.filter((id) => !killed.includes(id)) };
  }

  #take(cursor: OpenCursor, limit: number): RawDocument[] {
    const batch: RawDocument[] = [];
    let bytes = 0;
    while (batch.length < limit) {
      const next = cursor.pending ?? this.#pull(cursor);
      if (next === undefined) break;
      if (batch.length > 0 && bytes + next.length > maxBatchBytes) {
        cursor.pending = next;
        break;
      }
      cursor.pending = undefined;
      batch.push(new RawDocument(next));
      bytes += next.length;
    }
    cursor.documentsReturned += batch.length;
    cursor.batchesReturned++;
    return batch;
  }

  #pull(cursor: OpenCursor): Buffer | undefined {
    const result = cursor.source.next();
    return result.done === true ? undefined : result.value;
  }

  #exhausted(cursor: OpenCursor): boolean {
    cursor.pending ??= this.#pull(cursor);
    return cursor.pending === undefined;
  }

  #expireIdle(): void {
    const cutoff = Date.now() - idleTimeoutMs;
    for (const [id, cursor] of this.#open) if (cursor.lastUsed < cutoff) this.#open.delete(id);
  }
}

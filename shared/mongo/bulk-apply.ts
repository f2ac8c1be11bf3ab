import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type Document } from 'mongodb';

/** What a bulkWrite really did, per operation where it can be told. */
export interface BulkOutcome {
  readonly operations: number;
  readonly modified: number;
  /** Operation index -> error message for operations the server rejected. */
  readonly errors: ReadonlyMap<number, string>;
  /** True when every operation modified its document: then each planned change happened exactly as planned. */
  readonly allApplied: boolean;
}

/**
 * Sends the operations as one unordered bulkWrite (one command per 100,000 operations), so one rejected
 * document never stops the others. Write errors are returned, not thrown; other errors (network, timeout) throw,
 * even when the driver wraps them in a MongoBulkWriteError.
 */
export async function applyBulk(
  collection: Collection<Document>,
  operations: readonly AnyBulkWriteOperation[],
): Promise<BulkOutcome> {
  if (operations.length === 0) return { operations: 0, modified: 0, errors: new Map(), allApplied: true };
  try {
    const result = await collection.bulkWrite([...operations], { ordered: false });
    return {
      operations: operations.length,
      modified: result.modifiedCount,
      errors: new Map(),
      allApplied: result.modifiedCount === operations.length,
    };
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    // The driver also reports a failed command (connection closed, socket timeout) as a MongoBulkWriteError, with
    // no write error: then nothing says which operations the server applied. Rethrown, it is retried (transient)
    // or fails the batch; counted as "missed", it would end the batch with its changes silently not applied.
    if (writeErrors.length === 0) throw error;
    const errors = new Map(
      writeErrors.map((writeError) => [writeError.index, `${writeError.code}: ${writeError.errmsg ?? ''}`]),
    );
    return { operations: operations.length, modified: error.result.modifiedCount, errors, allApplied: false };
  }
}

/** An updateOne bulk operation from plain documents (the driver's generic filter types cannot see our guards). */
export function updateOneOperation(
  filter: Document,
  update: Document,
  arrayFilters?: Document[],
): AnyBulkWriteOperation {
  return { updateOne: arrayFilters ? { filter, update, arrayFilters } : { filter, update } };
}

import { MongoBulkWriteError, MongoError, MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { DatabaseUnreachableError } from './connection-failure.ts';

/**
 * The error name the state machine retries (Retry ErrorEquals "TransientDatabaseError"). Retrying a batch is safe
 * because every write is guarded and idempotent: a retry after a lost acknowledgement changes nothing twice.
 */
export class TransientDatabaseError extends Error {
  override readonly name = 'TransientDatabaseError';
}

const transientLabels = ['RetryableWriteError', 'TransientTransactionError', 'ResetPool', 'RetryableError'];

/** Network failures, server selection timeouts and errors MongoDB labels as retryable. */
export function isTransientDatabaseError(error: unknown): boolean {
  if (error instanceof DatabaseUnreachableError) return true;
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) return true;
  // The driver wraps a network failure during a bulkWrite (connection closed, socket timeout) in a
  // MongoBulkWriteError without write errors and without a server error code; a socket timeout carries no label.
  if (error instanceof MongoBulkWriteError && isCommandLevelNetworkFailure(error)) return true;
  if (error instanceof MongoError) return transientLabels.some((label) => error.hasErrorLabel(label));
  return false;
}

function isCommandLevelNetworkFailure(error: MongoBulkWriteError): boolean {
  const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  return writeErrors.length === 0 && error.code === undefined && error.err === undefined;
}

/** Runs `work`, turning transient database errors into TransientDatabaseError (cause kept, message redacted). */
export async function withTransientErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isTransientDatabaseError(error)) throw error;
    // Already in an operator's words, hosts only: "cannot reach MongoDB at ... (MONGODB_URI): connection refused".
    if (error instanceof DatabaseUnreachableError) throw new TransientDatabaseError(error.message, { cause: error });
    const message = (error as Error).message.replace(/mongodb(\+srv)?:\/\/\S+/g, 'mongodb://<redacted>');
    throw new TransientDatabaseError(`transient database error: ${message}`, { cause: error });
  }
}

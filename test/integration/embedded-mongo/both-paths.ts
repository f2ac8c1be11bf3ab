/**
 * Runs the same statements on the embedded server's fast paths and on its general paths (query/fast-paths.ts),
 * each on its own copy of the data, so write-shape tests can compare documents and counts statement by statement.
 * The switch is process-wide: these helpers need an in-process embedded server, never MONGODB_URI.
 */
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { useGeneralPathsOnly } from '#local/embedded-mongo/query/fast-paths.ts';

/** Runs `work` with the fast paths on or off, and turns them back on. */
export async function withPaths<T>(generalOnly: boolean, work: () => Promise<T>): Promise<T> {
  useGeneralPathsOnly(generalOnly);
  try {
    return await work();
  } finally {
    useGeneralPathsOnly(false);
  }
}

/** Matched and modified counts of each statement, on each side. */
export interface BothWaysCounts {
  readonly fast: number[][];
  readonly general: number[][];
}

/** Applies each statement alone to `fast` (fast paths) and to `general` (general paths only). */
export async function applyBothWays(
  fast: Collection<Document>,
  general: Collection<Document>,
  statements: readonly AnyBulkWriteOperation[],
): Promise<BothWaysCounts> {
  const counts = { fast: [] as number[][], general: [] as number[][] };
  for (const statement of statements) {
    const onFast = await fast.bulkWrite([statement]);
    const onGeneral = await withPaths(true, () => general.bulkWrite([statement]));
    counts.fast.push([onFast.matchedCount, onFast.modifiedCount]);
    counts.general.push([onGeneral.matchedCount, onGeneral.modifiedCount]);
  }
  return counts;
}

/** Every document of a collection in `_id` order. */
export const allDocuments = (collection: Collection<Document>): Promise<Document[]> =>
  collection.find({}, { sort: { _id: 1 } }).toArray();

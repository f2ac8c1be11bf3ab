import { ObjectId, type Collection, type Document } from 'mongodb';

/**
 * A batch as it travels through Step Functions: an `_id` range `[from, to)` of ObjectIds, an explicit list of lead
 * ids, or the leads whose `_id` is not an ObjectId (hand-made documents: a string, a number...), which no ObjectId
 * range holds (MongoDB compares values of one BSON type only) and which come last, in one batch.
 */
export type BatchDescriptor =
  | { readonly index: number; readonly from: string | null; readonly to: string | null }
  | { readonly index: number; readonly leadIds: readonly string[] }
  | { readonly index: number; readonly otherIdTypes: true };

/** The design's ceiling: a run has at most about this many batches (Step Functions history and state size). */
export const maxBatchesPerRun = 2000;

export interface BoundaryOptions {
  /** Preferred leads per batch; raised when the collection would need more than `maxBatches`. */
  readonly batchSize: number;
  readonly maxBatches?: number;
}

/** Leads per batch so that a collection of `leadCount` leads needs at most `maxBatches` batches. */
export function effectiveBatchSize(leadCount: number, options: BoundaryOptions): number {
  const maxBatches = options.maxBatches ?? maxBatchesPerRun;
  return Math.max(options.batchSize, Math.ceil(leadCount / maxBatches));
}

/**
 * Cuts the collection into `_id` ranges that cover every lead exactly once: the first range is open below and the
 * last open above, so leads inserted while the run goes on (ObjectIds grow) fall into the last one. Reads only
 * `_id`s (a covered scan of the `_id` index on MongoDB), never a lead document.
 */
export async function planRangeBatches(
  collection: Collection<Document>,
  options: BoundaryOptions,
): Promise<BatchDescriptor[]> {
  const leadCount = await collection.estimatedDocumentCount();
  const size = effectiveBatchSize(leadCount, options);
  const boundaries: string[] = [];
  let position = 0;
  let otherIdTypes = 0;
  const cursor = collection.find({}, { projection: { _id: 1 }, sort: { _id: 1 }, batchSize: 10_000 });
  for await (const { _id } of cursor) {
    if (!(_id instanceof ObjectId)) {
      otherIdTypes += 1;
      continue;
    }
    if (position > 0 && position % size === 0) boundaries.push(_id.toHexString());
    position += 1;
  }
  const batches: BatchDescriptor[] = [];
  let from: string | null = null;
  for (const boundary of boundaries) {
    batches.push({ index: batches.length, from, to: boundary });
    from = boundary;
  }
  batches.push({ index: batches.length, from, to: null });
  if (otherIdTypes > 0) batches.push({ index: batches.length, otherIdTypes: true });
  return batches;
}

/** Batches for a run limited to given leads: chunks of the (deduplicated, sorted) ids. */
export function planLeadIdBatches(leadIds: readonly string[], batchSize: number): BatchDescriptor[] {
  const unique = [...new Set(leadIds)].sort();
  const batches: BatchDescriptor[] = [];
  for (let start = 0; start < unique.length; start += batchSize) {
    batches.push({ index: batches.length, leadIds: unique.slice(start, start + batchSize) });
  }
  return batches;
}

/** The MongoDB filter selecting a batch's leads. */
export function batchFilter(batch: BatchDescriptor): Document {
  if ('leadIds' in batch) return { _id: { $in: batch.leadIds.map((id) => new ObjectId(id)) } };
  if ('otherIdTypes' in batch) return { _id: { $not: { $type: 'objectId' } } };
  const range: Document = {};
  if (batch.from !== null) range.$gte = new ObjectId(batch.from);
  if (batch.to !== null) range.$lt = new ObjectId(batch.to);
  // Open at both ends, the range still holds only ObjectIds: other `_id` types have their own batch.
  return { _id: Object.keys(range).length === 0 ? { $type: 'objectId' } : range };
}

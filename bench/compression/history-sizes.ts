import { readFileSync, writeFileSync } from 'node:fs';
import { calculateObjectSize } from 'bson';
import type { Collection, Document } from 'mongodb';

/** The stored BSON size of every history entry, by `<lead id>/<entry _id>`, and whether it is compressed. */
export type HistorySizes = Record<string, { readonly bytes: number; readonly compressed: boolean }>;

const isEntry = (value: unknown): value is Document =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads every lead's `sessionHistory` (values not promoted, so sizes are the stored ones) and sizes its entries. */
export async function readHistorySizes(leads: Collection<Document>): Promise<HistorySizes> {
  const sizes: HistorySizes = {};
  const cursor = leads.find(
    {},
    { projection: { sessionHistory: 1 }, promoteValues: false, promoteBuffers: false, batchSize: 1000 },
  );
  for await (const lead of cursor) {
    const history: unknown = lead.sessionHistory;
    if (!Array.isArray(history)) continue;
    history.forEach((entry: unknown, index) => {
      if (!isEntry(entry)) return;
      const key = `${String(lead._id)}/${entry._id === undefined ? `#${String(index)}` : String(entry._id)}`;
      sizes[key] = { bytes: calculateObjectSize(entry), compressed: entry.compressedPayload !== undefined };
    });
  }
  return sizes;
}

export function writeHistorySizes(path: string, sizes: HistorySizes): void {
  writeFileSync(path, JSON.stringify(sizes));
}

export interface HistorySummary {
  readonly entriesBefore: number;
  readonly bytesBefore: number;
  readonly entriesAfter: number;
  readonly bytesAfter: number;
  /** Entries compressed by the run, with their sizes before and after. */
  readonly compressedEntries: number;
  readonly compressedBytesBefore: number;
  readonly compressedBytesAfter: number;
  /** Entries present before and gone after (repeated history entries removed by the optimisation). */
  readonly entriesRemoved: number;
}

/** Sizes of the history before and after a weekly run, from two `writeHistorySizes` files. */
export function summarizeHistory(beforePath: string, afterPath: string): HistorySummary {
  const before = JSON.parse(readFileSync(beforePath, 'utf8')) as HistorySizes;
  const after = JSON.parse(readFileSync(afterPath, 'utf8')) as HistorySizes;
  const sum = (sizes: HistorySizes): number => Object.values(sizes).reduce((total, entry) => total + entry.bytes, 0);
  let compressedEntries = 0;
  let compressedBytesBefore = 0;
  let compressedBytesAfter = 0;
  for (const [key, entry] of Object.entries(after)) {
    const earlier = before[key];
    if (!entry.compressed || earlier === undefined || earlier.compressed) continue;
    compressedEntries += 1;
    compressedBytesBefore += earlier.bytes;
    compressedBytesAfter += entry.bytes;
  }
  return {
    entriesBefore: Object.keys(before).length,
    bytesBefore: sum(before),
    entriesAfter: Object.keys(after).length,
    bytesAfter: sum(after),
    compressedEntries,
    compressedBytesBefore,
    compressedBytesAfter,
    entriesRemoved: Object.keys(before).filter((key) => after[key] === undefined).length,
  };
}

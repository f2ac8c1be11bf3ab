import type { Collection, Document } from 'mongodb';
import { generateLeads, type GeneratorOptions } from '#shared/generator/index.ts';

/** The indexes the lead-management app declares (contract, section 1), created as the app would. */
export async function createAppIndexes(leads: Collection<Document>): Promise<void> {
  await leads.createIndexes([
    { key: { 'browserSession.sessionId': 1 }, unique: true, sparse: true },
    { key: { 'browserSession.isActive': 1 } },
    { key: { 'browserSession.createdAt': 1 } },
    { key: { 'browserSession.lastAccessedAt': 1 } },
    { key: { currentSessionId: 1 } },
    { key: { 'sessionHistory.sessionId': 1 } },
    { key: { 'sessionHistory.isActive': 1 } },
    { key: { 'sessionHistory.createdAt': 1 } },
  ]);
}

/**
 * Inserts generated leads in chunks (streamed from the generator, never all in memory), calling `onInserted` with
 * the running total after each chunk. The next chunk is generated while the server stores the previous one: one
 * insert in flight at a time, in order.
 */
export async function seedLeads(
  leads: Collection<Document>,
  options: GeneratorOptions,
  chunkSize = 500,
  onInserted: (inserted: number) => void = () => {},
): Promise<number> {
  let inserted = 0;
  let failed = false;
  let inFlight: Promise<void> = Promise.resolve();
  const insert = async (chunk: Document[], previous: Promise<void>): Promise<void> => {
    await previous;
    try {
      inserted += (await leads.insertMany(chunk, { ordered: false })).insertedCount;
    } catch (error) {
      failed = true;
      throw error;
    }
    onInserted(inserted);
  };
  let chunk: Document[] = [];
  for (const lead of generateLeads(options)) {
    if (failed) break;
    chunk.push(lead);
    if (chunk.length === chunkSize) {
      inFlight = insert(chunk, inFlight);
      chunk = [];
      // Lets the driver send the insert before the generator takes the thread for the next chunk.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  if (chunk.length > 0 && !failed) inFlight = insert(chunk, inFlight);
  await inFlight;
  return inserted;
}

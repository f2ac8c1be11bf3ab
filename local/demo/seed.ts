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
 * the running total after each chunk.
 */
export async function seedLeads(
  leads: Collection<Document>,
  options: GeneratorOptions,
  chunkSize = 500,
  onInserted: (inserted: number) => void = () => {},
): Promise<number> {
  let chunk: Document[] = [];
  let inserted = 0;
  for (const lead of generateLeads(options)) {
    chunk.push(lead);
    if (chunk.length === chunkSize) {
      inserted += (await leads.insertMany(chunk, { ordered: false })).insertedCount;
      onInserted(inserted);
      chunk = [];
    }
  }
  if (chunk.length > 0) {
    inserted += (await leads.insertMany(chunk, { ordered: false })).insertedCount;
    onInserted(inserted);
  }
  return inserted;
}

import type { Collection, Document } from 'mongodb';

/** The indexes the lead-management app declares on `leads` (contract, section 1), by key path. */
export const expectedLeadIndexes = [
  'browserSession.sessionId',
  'browserSession.isActive',
  'browserSession.createdAt',
  'browserSession.lastAccessedAt',
  'currentSessionId',
  'sessionHistory.sessionId',
  'sessionHistory.isActive',
  'sessionHistory.createdAt',
] as const;

/** Key paths of the indexes present on `leads` (compound keys joined with a comma). Read-only. */
export async function presentLeadIndexes(leads: Collection<Document>): Promise<string[]> {
  try {
    const indexes = await leads.listIndexes().toArray();
    return indexes.map((index) => Object.keys(index.key as Document).join(','));
  } catch {
    return [];
  }
}

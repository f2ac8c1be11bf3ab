import type { Collection, Document } from 'mongodb';
import { classifyLead } from '#shared/core/session-model.ts';
import { readLeadDigests } from '#shared/mongo/lead-digests.ts';

/** What the database holds, measured in the database: the figures the demo's totals are checked against. */
export interface Census {
  readonly leads: number;
  /** Sessions by the contract's definition (phantoms excluded, the current pair counted once). */
  readonly sessions: number;
  readonly compressedSessions: number;
  /** Sum of every lead document's BSON size (`$bsonSize`). */
  readonly documentBytes: number;
}

/**
 * Counts sessions and bytes across all leads (read-only). The two reads run together: the server sums the sizes
 * while this thread classifies the digests.
 */
export async function takeCensus(leads: Collection<Document>): Promise<Census> {
  const sizesRead = leads
    .aggregate<{ leads: number; bytes: number }>([
      { $project: { size: { $bsonSize: '$$ROOT' } } },
      { $group: { _id: null, leads: { $sum: 1 }, bytes: { $sum: '$size' } } },
    ])
    .toArray();
  const sessionsCounted = readLeadDigests(leads, {}).then((digests) => {
    let sessions = 0;
    let compressedSessions = 0;
    for (const digest of digests) {
      const classified = classifyLead(digest);
      sessions += classified.sessions.length;
      compressedSessions += classified.sessions.filter((session) => session.compressed).length;
    }
    return { sessions, compressedSessions };
  });
  const [[sizes], { sessions, compressedSessions }] = await Promise.all([sizesRead, sessionsCounted]);
  return { leads: sizes?.leads ?? 0, sessions, compressedSessions, documentBytes: sizes?.bytes ?? 0 };
}

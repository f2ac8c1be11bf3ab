import { calculateObjectSize } from 'bson';
import type { Collection, Document } from 'mongodb';
import { createAppIndexes } from '#local/demo/seed.ts';
import { generateLeads } from '#shared/generator/index.ts';

/** Which corpus: the generator's seed, its size and the reference time of its dates. */
export interface CorpusSpec {
  readonly seed: number;
  readonly leads: number;
  readonly now: string;
}

/** The generated corpus, as stored. */
export interface CorpusFigures {
  readonly leads: number;
  /** Leads with at least one session id stored (in `sessionHistory` or `browserSession`). */
  readonly leadsWithSessions: number;
  readonly bsonBytes: number;
  readonly seedMs: number;
}

const chunkSize = 1000;

const hasSessionId = (entry: unknown): boolean =>
  typeof entry === 'object' && entry !== null && typeof (entry as Document).sessionId === 'string';

function holdsASession(lead: Document): boolean {
  const history: unknown = lead.sessionHistory;
  return (
    hasSessionId(lead.browserSession) || (Array.isArray(history) ? history.some(hasSessionId) : hasSessionId(history))
  );
}

/**
 * Inserts the generated leads of `spec` into an empty `leads` collection with the app's indexes: the same
 * documents, byte for byte, whichever server receives them (the embedded snapshot, or a real MongoDB).
 */
export async function seedCorpus(leads: Collection<Document>, spec: CorpusSpec): Promise<CorpusFigures> {
  const started = performance.now();
  await createAppIndexes(leads);
  let chunk: Document[] = [];
  const figures = { leads: 0, leadsWithSessions: 0, bsonBytes: 0 };
  for (const lead of generateLeads({ seed: spec.seed, leadCount: spec.leads, now: new Date(spec.now) })) {
    figures.leads += 1;
    figures.bsonBytes += calculateObjectSize(lead);
    if (holdsASession(lead)) figures.leadsWithSessions += 1;
    chunk.push(lead);
    if (chunk.length === chunkSize) {
      await leads.insertMany(chunk, { ordered: false });
      chunk = [];
    }
  }
  if (chunk.length > 0) await leads.insertMany(chunk, { ordered: false });
  return { ...figures, seedMs: performance.now() - started };
}

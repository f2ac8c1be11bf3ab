/**
 * Child process: seeds generated leads into an embedded server whose data directory becomes a snapshot, then
 * stops it (which writes the snapshot). Every measured run starts from a copy of that snapshot, so each approach
 * works on the very same documents.
 */
import { calculateObjectSize } from 'bson';
import { MongoClient, type Document } from 'mongodb';
import { startEmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { createAppIndexes } from '#local/demo/seed.ts';
import { generateLeads } from '#shared/generator/index.ts';
import { reportToParent } from './child-process.ts';
import { workerConfig } from './worker-harness.ts';

export interface SeedConfig {
  readonly dataDir: string;
  readonly database: string;
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

await reportToParent(async (): Promise<CorpusFigures> => {
  const config = workerConfig<SeedConfig>();
  const started = performance.now();
  const server = await startEmbeddedMongo({ port: 0, dataDir: config.dataDir });
  const client = await new MongoClient(server.uri).connect();
  const leads = client.db(config.database).collection('leads');
  await createAppIndexes(leads);
  let chunk: Document[] = [];
  const figures = { leads: 0, leadsWithSessions: 0, bsonBytes: 0 };
  for (const lead of generateLeads({ seed: config.seed, leadCount: config.leads, now: new Date(config.now) })) {
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
  await client.close();
  await server.stop();
  return { ...figures, seedMs: performance.now() - started };
});

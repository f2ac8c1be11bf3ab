/**
 * Child process: seeds generated leads into an embedded server whose data directory becomes a snapshot, then
 * stops it (which writes the snapshot). Every measured run starts from a copy of that snapshot, so each approach
 * works on the very same documents.
 */
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { reportToParent } from './child-process.ts';
import { seedCorpus, type CorpusFigures, type CorpusSpec } from './seed-corpus.ts';
import { workerConfig } from './worker-harness.ts';

export interface SeedConfig extends CorpusSpec {
  readonly dataDir: string;
  readonly database: string;
}

await reportToParent(async (): Promise<CorpusFigures> => {
  const config = workerConfig<SeedConfig>();
  const started = performance.now();
  const server = await startEmbeddedMongo({ port: 0, dataDir: config.dataDir });
  const client = await new MongoClient(server.uri).connect();
  const figures = await seedCorpus(client.db(config.database).collection('leads'), config);
  await client.close();
  await server.stop();
  return { ...figures, seedMs: performance.now() - started };
});

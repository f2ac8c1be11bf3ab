import { mongoUriHosts } from '#shared/mongo/uri-hosts.ts';

export { mongoUriHosts };

/** `MongoDB at mongodb://db1:27017 (database app, MONGODB_URI)`. */
export function describeMongoDatabase(uri: string, database: string | undefined): string {
  return `MongoDB at ${mongoUriHosts(uri)} (database ${database ?? 'named by the URI'}, MONGODB_URI)`;
}

/**
 * `embedded database in <project>/.embedded-mongo (database lead_session_demo)`: the folder, not the
 * server's address, because the server stops with the command (`npm run db:embedded -- --data-dir <folder>`
 * serves the same data again).
 */
export function describeEmbeddedDatabase(dataDirectory: string | null, database: string): string {
  const where = dataDirectory === null ? 'in memory, not kept' : `in ${dataDirectory}`;
  return `embedded database ${where} (database ${database})`;
}

/**
 * How the command line names the database it read or wrote. A MongoDB URI is shown by its hosts only: user,
 * password and options (which may carry credentials too) never reach the terminal.
 */
export function mongoUriHosts(uri: string): string {
  const scheme = /^(mongodb(?:\+srv)?):\/\//i.exec(uri);
  if (scheme === null) return '<not a mongodb:// URI>';
  const rest = uri.slice(scheme[0].length);
  const authority = rest.split(/[/?#]/, 1)[0] ?? '';
  // The credentials end at the last "@" of the authority (a password may contain one, escaped or not).
  const hosts = authority.slice(authority.lastIndexOf('@') + 1);
  return `${scheme[1]}://${hosts === '' ? '<no host>' : hosts}`;
}

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

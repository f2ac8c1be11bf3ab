/**
 * `npm run db:embedded -- --port 27017 --data-dir .embedded-mongo`: runs the embedded MongoDB-compatible server in
 * the foreground until Ctrl-C or SIGTERM, then saves its data (when --data-dir is given) and exits.
 */
import { CliUsageError, parseCliArguments, usage } from '#local/embedded-mongo/cli-arguments.ts';
import { startEmbeddedMongo } from '#local/embedded-mongo/index.ts';

async function main(): Promise<number> {
  let options;
  try {
    options = parseCliArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    console.error(`db:embedded: ${error.message}\n\n${usage}`);
    return 2;
  }
  if (options.help) {
    console.log(usage);
    return 0;
  }
  const server = await startEmbeddedMongo({
    port: options.port,
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  }).catch((error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `db:embedded: port ${String(options.port)} is already in use (try --port 0)`
        : `db:embedded: ${error.message}`,
    );
    return undefined;
  });
  if (server === undefined) return 1;
  console.log(`Embedded MongoDB-compatible server listening on ${server.uri}`);
  console.log(
    `For development and tests only (no authentication, TLS, replication or transactions)${options.dataDir === undefined ? '; data is kept in memory' : `; data is saved to ${options.dataDir}`}. Press Ctrl-C to stop.`,
  );
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      // A second Ctrl-C while saving exits at once.
      if (stopping) resolve(130);
      stopping = true;
      console.log(
        `\n${signal}: stopping${options.dataDir === undefined ? '' : ` and saving to ${options.dataDir}`}...`,
      );
      server.stop().then(
        () => {
          console.log('Stopped.');
          resolve(0);
        },
        (error: unknown) => {
          console.error(`db:embedded: could not save: ${error instanceof Error ? error.message : String(error)}`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

process.exitCode = await main();
process.exit();

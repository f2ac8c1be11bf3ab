/** Where a command writes: tests pass collecting writers, the script passes the process's streams. */
export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Progress may redraw a line (stderr is a terminal). */
  readonly interactive: boolean;
}

export function processIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr, interactive: Boolean(process.stderr.isTTY) };
}

/**
 * Exit codes of the command line: 0 completed, 1 failed (the run failed, or the command could not do its work:
 * a database that cannot be reached, a lead not found), 2 usage error (a flag), 3 completed with errors (some
 * batches failed), 4 configuration error (an environment variable, MONGODB_URI, the AWS region).
 */
export const exitCodes = { completed: 0, failed: 1, usage: 2, completedWithErrors: 3, configuration: 4 } as const;

/** The exit code line of `--help` and the README (a test keeps the two equal). */
export const exitCodeLine =
  'Exit codes: 0 completed, 1 failed, 2 usage error, 3 completed with errors, 4 configuration error.';

/** Every error line the command line prints starts this way. */
export const errorPrefix = 'error: ';

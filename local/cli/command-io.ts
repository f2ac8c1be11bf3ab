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

/** Exit codes of the command line: completed, failed, usage error, completed with errors. */
export const exitCodes = { completed: 0, failed: 1, usage: 2, completedWithErrors: 3 } as const;

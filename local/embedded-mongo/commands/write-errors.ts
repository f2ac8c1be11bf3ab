/** Per-statement write errors, shaped like MongoDB's `writeErrors` entries. */
import { type CommandError, toCommandError } from '../errors.ts';

/** One `writeErrors` entry for statement `index`. */
export function writeErrorOf(index: number, error: unknown): Record<string, unknown> {
  const commandError: CommandError = toCommandError(error);
  return {
    index,
    code: commandError.code,
    codeName: commandError.codeName,
    errmsg: commandError.message,
    ...commandError.details,
  };
}

/** Runs statements in order; collects errors; stops at the first one when `ordered`. */
export function runStatements<T>(
  items: readonly T[],
  ordered: boolean,
  run: (item: T, index: number) => void,
): Record<string, unknown>[] {
  const writeErrors: Record<string, unknown>[] = [];
  for (let index = 0; index < items.length; index++) {
    try {
      run(items[index] as T, index);
    } catch (error) {
      writeErrors.push(writeErrorOf(index, error));
      if (ordered) break;
    }
  }
  return writeErrors;
}

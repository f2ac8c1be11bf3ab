import { ConfigurationError } from '#shared/core/config.ts';
import { redactText } from '#shared/runtime/redact.ts';
import { errorPrefix, exitCodes } from './command-io.ts';

/** An error the command line explains and maps to its documented exit code (never a stack trace, never a secret). */
export function describeCommandError(error: unknown): { lines: string[]; code: number } {
  if (error instanceof ConfigurationError) {
    return {
      lines: error.problems.map((problem) => `${errorPrefix}${redactText(problem)}`),
      code: exitCodes.configuration,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { lines: [`${errorPrefix}${redactText(message)}`], code: exitCodes.failed };
}

import { helpText, parseArguments, UsageError } from '#local/cli/arguments.ts';
import { exitCodes, runCommand } from '#local/cli/run-command.ts';
import { reportShowCommand, restoreCommand, statusCommand } from '#local/cli/other-commands.ts';

/** `npm run cleanup:sessions -- ...`: the operator interface of the system we replace, on the new architecture. */
async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return exitCodes.usage;
    }
    throw error;
  }
  switch (command.command) {
    case 'help':
      process.stdout.write(helpText);
      return exitCodes.completed;
    case 'run':
      return runCommand(command);
    case 'restore':
      return restoreCommand(command);
    case 'report-show':
      return reportShowCommand(command);
    case 'status':
      return statusCommand(command);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(exitCodes.failed);
  },
);

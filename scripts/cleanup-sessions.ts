import { runCli } from '#local/cli/dispatch.ts';
import { exitCodes } from '#local/cli/command-io.ts';

/** `npm run cleanup:sessions -- ...`: the operator interface of the system we replace, on the new architecture. */
runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(exitCodes.failed);
  },
);

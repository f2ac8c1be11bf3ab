import { runCli } from '#local/cli/dispatch.ts';
import { describeCommandError } from '#local/cli/command-errors.ts';

/** `npm run cleanup:sessions -- ...`: the operator interface of the system we replace, on the new architecture. */
runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const { lines, code } = describeCommandError(error);
    process.stderr.write(`${lines.join('\n')}\n`);
    process.exit(code);
  },
);

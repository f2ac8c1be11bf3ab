/** Command-line arguments of `npm run db:embedded`: parsed strictly, every mistake named. */

export interface CliOptions {
  readonly port: number;
  readonly dataDir: string | undefined;
  readonly help: boolean;
}

/** A usage error: the CLI prints it with the usage text and exits with code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export const usage = `Usage: npm run db:embedded -- [--port PORT] [--data-dir DIR]

Starts the embedded MongoDB-compatible server on 127.0.0.1 in the foreground (development and tests only).

Options:
  --port PORT       TCP port, 0 for any free port (default 27017)
  --data-dir DIR    load data from DIR at start and save it there on Ctrl-C / SIGTERM (default: memory only)
  -h, --help        show this help`;

function parsePort(value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) > 65535) {
    throw new CliUsageError(
      `--port needs a whole number from 0 to 65535, got ${value === undefined ? 'nothing' : `'${value}'`}`,
    );
  }
  return Number(value);
}

/** Parses `argv` (without node and script); throws CliUsageError on an unknown flag or a bad value. */
export function parseCliArguments(argv: readonly string[]): CliOptions {
  let port = 27017;
  let dataDir: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] as string;
    const [flag, inlineValue] =
      argument.startsWith('--') && argument.includes('=')
        ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)]
        : [argument, undefined];
    const value = (): string | undefined => inlineValue ?? argv[++i];
    switch (flag) {
      case '--port':
        port = parsePort(value());
        break;
      case '--data-dir': {
        const directory = value();
        if (directory === undefined || directory.length === 0 || directory.startsWith('--'))
          throw new CliUsageError('--data-dir needs a directory');
        dataDir = directory;
        break;
      }
      case '-h':
      case '--help':
        help = true;
        break;
      default:
        throw new CliUsageError(`unknown argument '${argument}'`);
    }
  }
  return { port, dataDir, help };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArguments, UsageError, type CliCommand } from '#local/cli/arguments.ts';

/**
 * Bad input on the command line: generated argv (known and unknown flags, `--flag=value`, missing values, hostile
 * values). parseArguments returns a well-formed command or throws a UsageError naming a flag or word of the
 * command line (exit code 2); never any other error.
 */

const knownFlags = [
  '--type',
  '--days',
  '--lead',
  '--batch-size',
  '--data-dir',
  '--reports-dir',
  '--run',
  '--job',
  '--month',
  '--dry-run',
  '--verbose',
  '--json',
  '--help',
  '-h',
  '--remote',
  '--stack',
  '--region',
  '--poll-interval',
  '--session',
  '--out',
];
const words = ['run', 'restore', 'report', 'show', 'status', 'schedule', 'enable', 'disable', 'session', 'export'];
const hostileValues = [
  'daily',
  'weekly',
  'monthly',
  'hourly',
  '14',
  '0',
  '-1',
  '1.5',
  '1e3',
  '9'.repeat(400),
  'NaN',
  'Infinity',
  '0x10',
  ' 14',
  '',
  '=',
  '--',
  '-',
  'aaaaaaaaaaaaaaaaaaaaaaaa',
  'AAAAAAAAAAAAAAAAAAAAAAAA',
  '{"$gt": ""}',
  '__proto__',
  'constructor',
  '2026-10',
  '2026-13',
  'eu-west-1',
  'x'.repeat(10_000),
  '../../etc/passwd',
  'daily-20261128T020000Z',
  '\u0000',
  '💥',
];
const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...knownFlags) },
  { weight: 2, arbitrary: fc.constantFrom(...words) },
  { weight: 3, arbitrary: fc.constantFrom(...hostileValues) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...knownFlags), fc.constantFrom(...hostileValues))
      .map(([flag, value]) => `${flag}=${value}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('--dryrun', '--day', '-d', '--TYPE', '---type', '--=', '-', '--') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

/** The names a usage error may cite: flags (without an inline value) and words of the line. */
function namesIn(argv: readonly string[]): string[] {
  return argv.map((argument) => (argument.startsWith('--') ? (argument.split('=')[0] as string) : argument));
}

function checkWellFormed(command: CliCommand): void {
  if (command.command === 'run') {
    expect(['daily', 'weekly', 'monthly']).toContain(command.job);
    if (command.days !== null)
      expect(Number.isInteger(command.days) && command.days >= 1 && command.days <= 365).toBe(true);
    if (command.batchSize !== null)
      expect(Number.isInteger(command.batchSize) && command.batchSize >= 10 && command.batchSize <= 10_000).toBe(true);
    for (const id of command.leadIds) expect(id).toMatch(/^[0-9a-f]{24}$/);
  }
  if (command.command === 'restore' && command.leadId !== null) expect(command.leadId).toMatch(/^[0-9a-f]{24}$/);
  if (command.command === 'report-show' && command.month !== null) expect(command.month).toMatch(/^\d{4}-\d{2}$/);
}

describe('parseArguments under generated command lines', () => {
  it('3,000 generated argv: a well-formed command, or a UsageError naming a flag or word, never anything else', () => {
    const tally = { parsed: 0, usageErrors: 0 };
    fc.assert(
      fc.property(fc.array(token, { maxLength: 7 }), (argv) => {
        let command: CliCommand;
        try {
          command = parseArguments(argv);
        } catch (error) {
          expect(error, `argv ${JSON.stringify(argv)} threw ${String(error)}`).toBeInstanceOf(UsageError);
          const message = (error as Error).message;
          const names = namesIn(argv).filter((name) => name !== '');
          const named = names.some((name) => message.includes(name));
          // An empty word is named by its quotes: unknown command "".
          const namesEmptyWord = argv.includes('') && message.includes('unknown command');
          expect(named || namesEmptyWord, `"${message}" names nothing of ${JSON.stringify(argv)}`).toBe(true);
          tally.usageErrors += 1;
          return;
        }
        checkWellFormed(command);
        tally.parsed += 1;
      }),
      { numRuns: 3000, seed: 4242 },
    );
    console.log(`argv: ${tally.parsed} parsed, ${tally.usageErrors} usage errors`);
    expect(tally.parsed).toBeGreaterThan(100);
    expect(tally.usageErrors).toBeGreaterThan(1000);
  });

  it.each<[string[], string]>([
    [['--days', '{"$gt": ""}'], '--days'],
    [['--days', '9'.repeat(400)], '--days'],
    [['--days=NaN'], '--days'],
    [['--days', '-1'], '--days'],
    [['--days', '1.5'], '--days'],
    [['--batch-size', '1e3'], '--batch-size'],
    [['--lead', '{"$gt": ""}'], '--lead'],
    [['--lead', 'AAAAAAAAAAAAAAAAAAAAAAAA'], '--lead'],
    [['--type', '__proto__'], '--type'],
    [['--type', 'constructor'], '--type'],
    [['--type=toString'], '--type'],
    [['--month', '2026-13', 'report', 'show'], '--month'],
    [['--dry-run=false'], '--dry-run'],
    [['--days', '--dry-run'], '--days'],
    [['--days', '7', '--days', '8'], '--days'],
    [['---type', 'daily'], '---type'],
    [['--__proto__'], '--__proto__'],
  ])('rejects %j naming %s', (argv, named) => {
    expect(() => parseArguments(argv)).toThrow(UsageError);
    expect(() => parseArguments(argv)).toThrow(named);
  });
});

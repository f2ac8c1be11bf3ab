import { describe, expect, it } from 'vitest';
import { parseArguments, UsageError } from '#local/cli/arguments.ts';

describe('leads list and status --limit', () => {
  it('reads leads list with its defaults: 20 leads, all of them, text', () => {
    expect(parseArguments(['leads', 'list'])).toEqual({
      command: 'leads-list',
      limit: 20,
      withSessions: false,
      json: false,
      dataDir: null,
    });
  });

  it('reads --limit, --with-sessions, --json and --data-dir', () => {
    expect(parseArguments(['leads', 'list', '--limit', '5', '--with-sessions', '--json', '--data-dir', 'd'])).toEqual({
      command: 'leads-list',
      limit: 5,
      withSessions: true,
      json: true,
      dataDir: 'd',
    });
  });

  it('shows three runs of each kind in status unless --limit says otherwise', () => {
    expect(parseArguments(['status'])).toMatchObject({ command: 'status', limit: 3 });
    expect(parseArguments(['status', '--limit', '10'])).toMatchObject({ command: 'status', limit: 10 });
  });

  it.each([
    [['leads', 'list', '--limit', '0'], '--limit 0 is out of range 1..100000'],
    [['leads', 'list', '--limit', 'all'], '--limit expects a whole number from 1 to 100000, got "all"'],
    [['leads', 'list', '--remote'], 'leads list reads MongoDB from this machine: --remote does not apply'],
    [['leads', 'list', 'extra'], 'leads list takes no argument, got "extra"'],
    [['--limit', '5'], '--limit only applies to status and leads list'],
    [['status', '--with-sessions'], '--with-sessions only applies to leads list'],
    [['leads'], 'unknown command "leads" (see --help)'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseArguments(argv)).toThrow(new UsageError(message));
  });
});

import { describe, expect, it } from 'vitest';
import { parseArguments, UsageError, type RunCommand } from '#local/cli/arguments.ts';
import { payloadOf } from '#local/cli/payload.ts';

describe('parseArguments', () => {
  it('defaults to a real daily run', () => {
    expect(parseArguments([])).toMatchObject({ command: 'run', job: 'daily', dryRun: false, days: null, json: false });
  });

  it('reads every flag of the original command line', () => {
    expect(parseArguments(['--type', 'weekly', '--dry-run', '--days', '14', '--verbose', '--json'])).toMatchObject({
      command: 'run',
      job: 'weekly',
      dryRun: true,
      days: 14,
      verbose: true,
      json: true,
    });
  });

  it('accepts --flag=value', () => {
    expect(parseArguments(['--type=monthly', '--days=60'])).toMatchObject({ job: 'monthly', days: 60 });
  });

  it.each([
    [['--days', '0'], '--days 0 is out of range 1..365'],
    [['--days', 'x'], '--days expects a whole number'],
    [['--type', 'hourly'], '--type must be one of daily, weekly, monthly'],
    [['--dryrun'], 'unknown option --dryrun'],
    [['--days'], '--days needs a value'],
    [['--lead', 'zzz'], '--lead expects a 24-hex-digit lead id'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['restore'], 'restore needs --run <runId>'],
    [['report', 'show', '--month', '2026-13'], '--month must look like 2026-10'],
  ])('rejects %j as a usage error: %s', (argv, message) => {
    expect(() => parseArguments(argv)).toThrow(UsageError);
    expect(() => parseArguments(argv)).toThrow(message);
  });

  it('parses the other commands', () => {
    expect(parseArguments(['restore', '--run', 'daily-1', '--lead', 'aaaaaaaaaaaaaaaaaaaaaaaa'])).toMatchObject({
      command: 'restore',
      runId: 'daily-1',
      leadId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    });
    expect(parseArguments(['report', 'show', '--month', '2026-10'])).toMatchObject({
      command: 'report-show',
      job: 'monthly',
      month: '2026-10',
    });
    expect(parseArguments(['status', '--json'])).toMatchObject({ command: 'status', json: true });
    expect(parseArguments(['--help'])).toEqual({ command: 'help' });
  });
});

describe('payloadOf', () => {
  it('honours --days in every mode: expiry for daily and monthly, compression age for weekly', () => {
    const base = parseArguments(['--days', '14', '--dry-run']) as RunCommand;
    expect(payloadOf(base)).toEqual({ dryRun: true, days: 14 });
    expect(payloadOf({ ...base, job: 'weekly' })).toEqual({ dryRun: true, compressionAfterDays: 14 });
    expect(payloadOf({ ...base, job: 'monthly' })).toEqual({ dryRun: true, days: 14 });
  });
});

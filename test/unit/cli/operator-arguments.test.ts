import { describe, expect, it } from 'vitest';
import { helpText, parseArguments, UsageError } from '#local/cli/arguments.ts';

describe('parseArguments: the deployed stack (--remote)', () => {
  it('reads a remote run with every run flag, the stack, the region and the poll interval', () => {
    expect(
      parseArguments([
        '--remote',
        '--type',
        'weekly',
        '--dry-run',
        '--days',
        '14',
        '--stack',
        'LeadSessionMaintenance-Staging',
        '--region=eu-central-1',
        '--poll-interval',
        '10',
      ]),
    ).toMatchObject({
      command: 'run',
      job: 'weekly',
      dryRun: true,
      days: 14,
      remote: { stackName: 'LeadSessionMaintenance-Staging', region: 'eu-central-1' },
      pollIntervalSeconds: 10,
    });
  });

  it('runs locally by default, polls every 5 s remotely by default', () => {
    expect(parseArguments([])).toMatchObject({ command: 'run', remote: null });
    expect(parseArguments(['run', '--remote'])).toMatchObject({
      remote: { stackName: null, region: null },
      pollIntervalSeconds: 5,
    });
  });

  it('reads status, report show and schedule with --remote', () => {
    expect(parseArguments(['status', '--remote', '--json'])).toMatchObject({
      command: 'status',
      json: true,
      remote: { stackName: null, region: null },
    });
    expect(parseArguments(['status'])).toMatchObject({ command: 'status', remote: null });
    expect(parseArguments(['report', 'show', '--job', 'daily', '--remote', '--stack', 'S1'])).toMatchObject({
      command: 'report-show',
      job: 'daily',
      month: null,
      remote: { stackName: 'S1', region: null },
    });
    expect(parseArguments(['schedule', 'disable', '--remote'])).toEqual({
      command: 'schedule',
      action: 'disable',
      jobs: ['daily', 'weekly', 'monthly'],
      json: false,
      remote: { stackName: null, region: null },
    });
    expect(parseArguments(['schedule', 'enable', 'monthly', '--remote'])).toMatchObject({
      action: 'enable',
      jobs: ['monthly'],
    });
    expect(parseArguments(['schedule', 'enable', 'all', '--remote'])).toMatchObject({
      jobs: ['daily', 'weekly', 'monthly'],
    });
  });

  it('reads session export', () => {
    expect(parseArguments(['session', 'export', '--lead', 'a'.repeat(24)])).toEqual({
      command: 'session-export',
      leadId: 'a'.repeat(24),
      sessionId: null,
      out: null,
      dataDir: null,
    });
    expect(
      parseArguments(['session', 'export', '--lead', 'a'.repeat(24), '--session', 's-1', '--out', 'state.json']),
    ).toMatchObject({ sessionId: 's-1', out: 'state.json' });
  });

  it.each([
    [['--stack', 'S1'], '--stack only applies with --remote'],
    [['status', '--region', 'eu-west-1'], '--region only applies with --remote'],
    [['--poll-interval', '5'], '--poll-interval only applies with --remote'],
    [['status', '--remote', '--poll-interval', '5'], '--poll-interval only applies to a run with --remote'],
    [['--remote', '--poll-interval', '0'], '--poll-interval 0 is out of range 1..300'],
    [['--remote', '--poll-interval', '2.5'], '--poll-interval expects a whole number from 1 to 300, got "2.5"'],
    [['--remote', '--stack', '1abc'], '--stack expects a CloudFormation stack name'],
    [['--remote', '--stack', 'my_stack'], '--stack expects a CloudFormation stack name'],
    [['--remote', '--region', 'Europe'], '--region expects an AWS region like eu-west-1, got "Europe"'],
    [['--remote', '--data-dir', 'x'], '--data-dir does not apply with --remote'],
    [['--remote', '--reports-dir', 'x'], '--reports-dir does not apply with --remote'],
    [['--remote', '--remote=yes'], '--remote takes no value'],
    [
      ['restore', '--run', 'daily-1', '--remote'],
      'restore writes to MongoDB from this machine: --remote does not apply',
    ],
    [['restore', '--run', 'daily-1', '--lead', 'x'], '--lead expects a 24-hex-digit lead id'],
    [['schedule'], 'schedule expects enable or disable, got nothing'],
    [['schedule', 'pause', '--remote'], 'schedule expects enable or disable, got "pause"'],
    [['schedule', 'enable', 'hourly', '--remote'], 'schedule enable takes daily, weekly, monthly or all, got "hourly"'],
    [['schedule', 'enable', 'daily', 'weekly', '--remote'], 'schedule enable takes one of daily, weekly, monthly, all'],
    [['schedule', 'disable'], 'schedule disable needs --remote: schedules are EventBridge rules of the deployed stack'],
    [['schedule', 'enable'], 'SESSION_CLEANUP_ENABLED=false makes scheduled runs do nothing'],
    [['session', 'export'], 'session export needs --lead <id>'],
    [['session', 'export', '--lead', 'ABC'], '--lead expects a 24-hex-digit lead id, got "ABC"'],
    [['session', 'export', '--lead', 'a'.repeat(24), '--remote'], 'session export reads MongoDB from this machine'],
    [['session', 'export', '--lead', 'a'.repeat(24), '--lead', 'b'.repeat(24)], '--lead given more than once'],
    [['session', 'export', '--lead', 'a'.repeat(24), '--out'], '--out needs a value'],
    [['status', '--session', 's-1'], '--session only applies to session export'],
    [['--out', 'file.json'], '--out only applies to session export'],
    [['session', 'import'], 'unknown command "session import"'],
  ])('rejects %j as a usage error: %s', (argv, message) => {
    expect(() => parseArguments(argv)).toThrow(UsageError);
    expect(() => parseArguments(argv)).toThrow(message);
  });

  it('documents every new command and flag in the help text', () => {
    for (const text of [
      '--remote',
      '--stack',
      '--region',
      '--poll-interval',
      'schedule enable|disable',
      'session export',
      '--session',
      '--out',
      'SESSION_STACK_NAME',
      'sessionStorage',
    ])
      expect(helpText).toContain(text);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigurationError, integerSettings } from '#shared/core/config.ts';
import { defaultBatchSize, loadDatabaseName, loadSettings } from '#shared/core/settings.ts';

const problemsOf = (environment: Record<string, string>): readonly string[] => {
  try {
    loadSettings(environment);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadSettings', () => {
  it('uses the defaults when nothing is set', () => {
    const settings = loadSettings({});
    expect(settings.batchSize).toBe(defaultBatchSize);
    expect(settings.leadsCollection).toBe('leads');
    expect(settings.databaseName).toBeUndefined();
  });

  it.each([
    ['10', 10],
    ['10000', 10_000],
    [' 250 ', 250],
  ])('accepts BATCH_SIZE=%j as %d', (value, expected) => {
    expect(loadSettings({ BATCH_SIZE: value }).batchSize).toBe(expected);
  });

  it.each([
    ['5', 'BATCH_SIZE=5 is out of range: expected a whole number from 10 to 10000'],
    ['0', 'BATCH_SIZE=0 is out of range: expected a whole number from 10 to 10000'],
    ['10001', 'BATCH_SIZE=10001 is out of range: expected a whole number from 10 to 10000'],
    ['abc', 'BATCH_SIZE="abc" is not accepted: expected a whole number from 10 to 10000'],
    ['12.5', 'BATCH_SIZE="12.5" is not accepted: expected a whole number from 10 to 10000'],
    ['1e3', 'BATCH_SIZE="1e3" is not accepted: expected a whole number from 10 to 10000'],
  ])('refuses BATCH_SIZE=%j, saying the range', (value, message) => {
    expect(problemsOf({ BATCH_SIZE: value })).toEqual([message]);
  });

  it('lists every accepted spelling of SESSION_CLEANUP_ENABLED', () => {
    const [problem] = problemsOf({ SESSION_CLEANUP_ENABLED: 'maybe' });
    for (const spelling of ['true', 'false', '1', '0', 'yes', 'no']) expect(problem).toContain(spelling);
  });

  it('reports every invalid variable at once, the policy and the others together', () => {
    const problems = problemsOf({
      BATCH_SIZE: 'abc',
      SESSION_EXPIRY_DAYS: '0',
      MONGODB_DATABASE: 'my.db',
      LEADS_COLLECTION: 'le$ads',
    });
    expect(problems.map((problem) => problem.split('=')[0])).toEqual([
      'SESSION_EXPIRY_DAYS',
      'BATCH_SIZE',
      'MONGODB_DATABASE',
      'LEADS_COLLECTION',
    ]);
  });

  it('never doubles its wording ("a whole number of whole days")', () => {
    for (const setting of integerSettings) {
      const [problem] = problemsOf({ [setting.variable]: 'x' });
      expect(problem).not.toMatch(/whole number of whole/);
      expect(problem).toContain(`from ${setting.range.min} to ${setting.range.max}`);
    }
  });

  it('cuts a long value short instead of echoing it', () => {
    const [problem] = problemsOf({ BATCH_SIZE: 'x'.repeat(5000) });
    expect(problem?.length).toBeLessThan(200);
  });

  it('checks MONGODB_DATABASE alone for recording a failed run', () => {
    expect(loadDatabaseName({ MONGODB_DATABASE: 'app', BATCH_SIZE: 'abc' })).toBe('app');
    expect(() => loadDatabaseName({ MONGODB_DATABASE: 'a/b' })).toThrow(/MONGODB_DATABASE="a\/b" is not accepted/);
  });
});

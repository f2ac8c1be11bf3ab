import { describe, expect, it } from 'vitest';
import { ConfigurationError, defaultPolicy, loadPolicy } from '#shared/core/config.ts';

describe('loadPolicy', () => {
  it('uses the documented defaults when no variable is set', () => {
    expect(loadPolicy({})).toEqual(defaultPolicy);
  });

  it('reads every variable', () => {
    const policy = loadPolicy({
      SESSION_EXPIRY_DAYS: '14',
      COMPRESSION_AFTER_DAYS: '3',
      MAX_SESSIONS_PER_LEAD: '25',
      ANALYTICS_RETENTION_DAYS: '365',
      SESSION_CLEANUP_ENABLED: 'false',
    });
    expect(policy).toEqual({
      sessionExpiryDays: 14,
      compressionAfterDays: 3,
      maxSessionsPerLead: 25,
      analyticsRetentionDays: 365,
      sessionCleanupEnabled: false,
    });
  });

  it.each([
    [
      'SESSION_EXPIRY_DAYS',
      '0',
      'SESSION_EXPIRY_DAYS=0 is out of range: expected a whole number of days from 1 to 365',
    ],
    ['SESSION_EXPIRY_DAYS', '366', 'SESSION_EXPIRY_DAYS=366 is out of range'],
    [
      'SESSION_EXPIRY_DAYS',
      '12.5',
      'SESSION_EXPIRY_DAYS="12.5" is not accepted: expected a whole number of days from 1 to 365',
    ],
    ['COMPRESSION_AFTER_DAYS', '-3', 'COMPRESSION_AFTER_DAYS="-3" is not accepted'],
    ['COMPRESSION_AFTER_DAYS', 'seven', 'COMPRESSION_AFTER_DAYS="seven" is not accepted'],
    [
      'MAX_SESSIONS_PER_LEAD',
      '0',
      'MAX_SESSIONS_PER_LEAD=0 is out of range: expected a whole number of sessions from 1 to 1000',
    ],
    ['ANALYTICS_RETENTION_DAYS', '1e3', 'ANALYTICS_RETENTION_DAYS="1e3" is not accepted'],
    [
      'SESSION_CLEANUP_ENABLED',
      'maybe',
      'SESSION_CLEANUP_ENABLED="maybe" is not accepted: expected one of true, false, 1, 0, yes, no (in any case)',
    ],
  ])('rejects %s=%s with a message naming the variable, the value and the range', (variable, value, message) => {
    expect(() => loadPolicy({ [variable]: value })).toThrow(message);
  });

  it('reports every invalid variable at once, never falling back to a default', () => {
    try {
      loadPolicy({ SESSION_EXPIRY_DAYS: '0', MAX_SESSIONS_PER_LEAD: 'x' });
      expect.unreachable('invalid configuration was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).problems).toHaveLength(2);
    }
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['FALSE', false],
    ['0', false],
  ])('reads SESSION_CLEANUP_ENABLED=%s as %s', (value, expected) => {
    expect(loadPolicy({ SESSION_CLEANUP_ENABLED: value }).sessionCleanupEnabled).toBe(expected);
  });

  it('treats an empty variable as unset', () => {
    expect(loadPolicy({ SESSION_EXPIRY_DAYS: '' }).sessionExpiryDays).toBe(30);
  });
});

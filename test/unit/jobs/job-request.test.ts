import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '#shared/core/config.ts';
import { buildRunContext, InvalidJobRequestError, parseJobRequest } from '#shared/jobs/job-request.ts';

const scheduledEvent = {
  version: '0',
  id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-11-28T02:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/daily'],
  detail: {},
};
const invocation = {
  requestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  now: new Date('2026-11-28T10:15:30.123Z'),
  batchSize: 1000,
};

describe('parseJobRequest', () => {
  it('recognises the EventBridge scheduled event', () => {
    expect(parseJobRequest(scheduledEvent)).toEqual({ kind: 'scheduled', time: '2026-11-28T02:00:00.000Z' });
  });

  it.each([
    [{}, {}],
    [{ dryRun: true }, { dryRun: true }],
    [
      { days: 14, maxSessionsPerLead: 5, compressionAfterDays: 3, batchSize: 200 },
      { days: 14, maxSessionsPerLead: 5, compressionAfterDays: 3, batchSize: 200 },
    ],
    [{ leadIds: ['aaaaaaaaaaaaaaaaaaaaaaaa'] }, { leadIds: ['aaaaaaaaaaaaaaaaaaaaaaaa'] }],
  ])('accepts the manual payload %j', (payload, expected) => {
    expect(parseJobRequest(payload)).toEqual({ kind: 'manual', payload: expected });
  });

  it.each([
    [{ dryrun: true }, 'unknown field(s): dryrun'],
    [{ dryRun: 'yes' }, 'dryRun'],
    [{ days: 0 }, 'days must be a whole number from 1 to 365'],
    [{ days: 12.5 }, 'days must be a whole number from 1 to 365'],
    [{ days: 1e308 }, 'days must be a whole number from 1 to 365'],
    [{ maxSessionsPerLead: -1 }, 'maxSessionsPerLead must be a whole number from 1 to 1000'],
    [{ leadIds: [{ $gt: '' }] }, 'leadIds.0'],
    [{ leadIds: ['not-an-id'] }, 'each lead id must be 24 lowercase hex characters'],
    [{ leadIds: [] }, 'leadIds'],
    [
      { leadIds: Array.from({ length: 1001 }, (_, i) => i.toString(16).padStart(24, '0')) },
      'at most 1000 lead ids per run',
    ],
    [JSON.parse('{"__proto__": {"dryRun": false}}') as unknown, '__proto__'],
    ['{"dryRun":true}', 'must be a JSON object'],
    [null, 'must be a JSON object'],
    [[], 'must be a JSON object'],
  ])('rejects an invalid payload with a message naming the problem (case %#)', (payload, message) => {
    expect(() => parseJobRequest(payload)).toThrow(InvalidJobRequestError);
    expect(() => parseJobRequest(payload)).toThrow(message);
  });

  it('accepts exactly the valid payloads among 1,000 generated ones, naming a field in every rejection', () => {
    const field = fc.constantFrom(
      'dryRun',
      'days',
      'compressionAfterDays',
      'maxSessionsPerLead',
      'batchSize',
      'leadIds',
      'dryrun',
      'limit',
      '$where',
    );
    const value = fc.oneof(
      fc.boolean(),
      fc.integer({ min: -5, max: 20_000 }),
      fc.double(),
      fc.string({ maxLength: 30 }),
      fc.constant(null),
      fc.array(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 24, maxLength: 24 }), {
        maxLength: 3,
      }),
      fc.object({ maxDepth: 1 }),
    );
    fc.assert(
      fc.property(fc.dictionary(field, value, { maxKeys: 4 }), (payload) => {
        try {
          const request = parseJobRequest(payload);
          expect(request.kind).toBe('manual');
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidJobRequestError);
          const message = (error as Error).message;
          expect(Object.keys(payload).some((key) => message.includes(key))).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('buildRunContext', () => {
  it('derives the run id of a scheduled run from the job and the slot, so a second delivery gets the same id', () => {
    const first = buildRunContext('daily', parseJobRequest(scheduledEvent), defaultPolicy, invocation);
    const second = buildRunContext('daily', parseJobRequest(scheduledEvent), defaultPolicy, {
      ...invocation,
      requestId: 'other',
    });
    expect(first.runId).toBe('daily-20261128T020000Z');
    expect(second.runId).toBe(first.runId);
    expect(first.trigger).toBe('schedule');
  });

  it('marks a manual dry run in its id and applies every override', () => {
    const run = buildRunContext(
      'weekly',
      parseJobRequest({ dryRun: true, days: 14, compressionAfterDays: 3, maxSessionsPerLead: 4 }),
      defaultPolicy,
      invocation,
    );
    expect(run.runId).toBe('weekly-dryrun-20261128T101530Z-c6af9ac67b61');
    expect(run.dryRun).toBe(true);
    expect(run.parameters).toEqual({
      sessionExpiryDays: 14,
      compressionAfterDays: 3,
      maxSessionsPerLead: 4,
      batchSize: 1000,
      leadIds: null,
    });
  });

  it('uses the configured policy when the payload has no overrides', () => {
    const run = buildRunContext(
      'monthly',
      parseJobRequest({}),
      { ...defaultPolicy, sessionExpiryDays: 20 },
      invocation,
    );
    expect(run.parameters.sessionExpiryDays).toBe(20);
    expect(run.runId).toMatch(/^monthly-manual-/);
  });
});

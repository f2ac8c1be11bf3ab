import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createJobHandler } from '#functions/job-handler.ts';
import { InvalidJobRequestError } from '#shared/jobs/job-request.ts';
import { silentLogger } from '#shared/jobs/ports.ts';
import type { JobName, RunContext } from '#shared/jobs/run-context.ts';
import type { ExecutionStarter } from '#shared/jobs/start-run.ts';

/**
 * Bad input at the job functions' entry: the real handler (createJobHandler, real zod validation) with a spy in
 * place of Step Functions. Every payload is either accepted, and starts exactly one run with exactly its values,
 * or rejected with an InvalidJobRequestError naming each offending field, and starts nothing.
 */

const allowedFields = ['dryRun', 'days', 'compressionAfterDays', 'maxSessionsPerLead', 'batchSize', 'leadIds'] as const;
const ranges: Record<string, { min: number; max: number }> = {
  days: { min: 1, max: 365 },
  compressionAfterDays: { min: 1, max: 365 },
  maxSessionsPerLead: { min: 1, max: 1000 },
  batchSize: { min: 10, max: 10_000 },
};

/** An oracle written from the README's contract, independent of the zod schema: the fields a payload gets wrong. */
function offendingFields(payload: Record<string, unknown>): string[] {
  const offending: string[] = [];
  for (const [field, value] of Object.entries(payload)) {
    if (!(allowedFields as readonly string[]).includes(field)) offending.push(field);
    else if (field === 'dryRun') {
      if (typeof value !== 'boolean') offending.push(field);
    } else if (field === 'leadIds') {
      const ok =
        Array.isArray(value) &&
        value.length >= 1 &&
        value.length <= 1000 &&
        value.every((id) => typeof id === 'string' && /^[0-9a-f]{24}$/.test(id));
      if (!ok) offending.push(field);
    } else {
      const range = ranges[field] as { min: number; max: number };
      const ok = typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;
      if (!ok) offending.push(field);
    }
  }
  return offending;
}

function spyStarter() {
  const start = vi.fn<ExecutionStarter['start']>(async (name) => ({
    executionArn: `arn:aws:states:local:000000000000:execution:test:${name}`,
    alreadyStarted: false,
  }));
  return { starter: { start } satisfies ExecutionStarter, start };
}

function handlerFor(job: JobName) {
  const spy = spyStarter();
  const handler = createJobHandler(job, () => spy.starter, {}, silentLogger);
  return { handler, start: spy.start };
}

const hex24 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 24, maxLength: 24 });
const injection = fc.constantFrom<unknown>(
  { $gt: '' },
  { $ne: null },
  { $where: 'sleep(1000)' },
  { $regex: '.*' },
  '{"$gt": ""}',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '14',
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  1e308,
  2 ** 53 + 2,
  -1,
  0.5,
  -7.25,
  'x'.repeat(20_000),
  ['aaaaaaaaaaaaaaaaaaaaaaaa'],
  [14],
  [true],
  { dryRun: true },
  { days: 14, leadIds: ['aaaaaaaaaaaaaaaaaaaaaaaa'] },
  null,
);
/** Values that are sometimes right for a field and often wrong: the generator's building blocks. */
const anyValue = fc.oneof(
  fc.boolean(),
  fc.integer({ min: -20, max: 12_000 }),
  fc.double(),
  fc.string({ maxLength: 30 }),
  fc.constant(null),
  fc.array(hex24, { minLength: 0, maxLength: 4 }),
  fc.array(fc.oneof(hex24, fc.string(), fc.integer(), injection), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
  injection,
);
const fieldName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...allowedFields) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'dryrun',
      'DryRun',
      'day',
      'limit',
      '$where',
      '$gt',
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'payload',
      'Payload',
      'detail',
      'time',
      'source',
    ),
  },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
);
/** A payload as JSON would deliver it: keys such as `__proto__` become own properties (JSON.parse semantics). */
const payloadArbitrary = fc
  .array(fc.tuple(fieldName, anyValue), { maxLength: 4 })
  .map((pairs) => JSON.parse(JSON.stringify(Object.fromEntries(pairs)) ?? '{}') as Record<string, unknown>);
// NaN, Infinity and -0 do not survive JSON: they are also sent as JS values (a direct invoke from Node code).
const directPayloadArbitrary = fc
  .array(fc.tuple(fc.constantFrom(...allowedFields), injection), { minLength: 1, maxLength: 3 })
  .map((pairs) => Object.fromEntries(pairs) as Record<string, unknown>);

async function checkPayload(job: JobName, payload: Record<string, unknown>): Promise<'accepted' | 'rejected'> {
  const { handler, start } = handlerFor(job);
  const offending = offendingFields(payload);
  let outcome: Awaited<ReturnType<typeof handler>>;
  try {
    outcome = await handler(payload, { awsRequestId: 'fuzz-request' });
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidJobRequestError);
    const message = (error as Error).message;
    expect(offending.length, `rejected although valid: ${message}`).toBeGreaterThan(0);
    for (const field of offending) expect(message).toContain(field);
    expect(message.length).toBeLessThan(2_000);
    expect(start).not.toHaveBeenCalled();
    return 'rejected';
  }
  expect(offending, `accepted although ${offending.join(', ')} is wrong`).toEqual([]);
  expect(outcome.started).toBe(true);
  expect(start).toHaveBeenCalledTimes(1);
  const run = (start.mock.calls[0]?.[1] as { run: RunContext }).run;
  expect(run.job).toBe(job);
  expect(run.dryRun).toBe(payload.dryRun ?? false);
  expect(run.parameters.batchSize).toBe(payload.batchSize ?? 1000);
  expect(run.parameters.maxSessionsPerLead).toBe(payload.maxSessionsPerLead ?? 10);
  expect(run.parameters.sessionExpiryDays).toBe(payload.days ?? 30);
  expect(run.parameters.compressionAfterDays).toBe(payload.compressionAfterDays ?? 7);
  expect(run.parameters.leadIds).toEqual(payload.leadIds ?? null);
  return 'accepted';
}

describe('job function entry under generated manual payloads', () => {
  it.each(['daily', 'weekly', 'monthly'] as const)(
    '%s: 1,200 JSON payloads are accepted exactly when valid; each rejection names every bad field and starts nothing',
    async (job) => {
      const tally = { accepted: 0, rejected: 0 };
      await fc.assert(
        fc.asyncProperty(payloadArbitrary, async (payload) => {
          tally[await checkPayload(job, payload)] += 1;
        }),
        { numRuns: 1200, seed: 20261129 + job.length },
      );
      console.log(`${job}: ${tally.accepted} accepted, ${tally.rejected} rejected`);
      // Both sides of the property are exercised, not just the rejections.
      expect(tally.accepted).toBeGreaterThan(100);
      expect(tally.rejected).toBeGreaterThan(500);
    },
  );

  it('300 payloads with NaN, Infinity, -0 and operator objects as JS values: rejected naming the field', async () => {
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(directPayloadArbitrary, async (payload) => {
        if ((await checkPayload('daily', payload)) === 'rejected') rejected += 1;
      }),
      { numRuns: 300, seed: 7 },
    );
    // Only a list of one valid lead id among the injection values can pass (as leadIds).
    expect(rejected).toBeGreaterThan(250);
  });
});

describe('operator-shaped and hostile payloads', () => {
  const longHex = 'a'.repeat(1_000_000);
  it.each<[string, unknown, string]>([
    ['an operator object as a lead id', { leadIds: [{ $gt: '' }] }, 'leadIds'],
    ['an operator object instead of the lead id list', { leadIds: { $in: [] } }, 'leadIds'],
    ['an operator object as days', { days: { $gt: 0 } }, 'days'],
    ['a JSON-encoded operator as a lead id', { leadIds: ['{"$gt": ""}'] }, 'leadIds'],
    ['a $where field', { $where: 'this.a == 1' }, '$where'],
    ['__proto__ (own property, as JSON.parse makes it)', JSON.parse('{"__proto__": {"dryRun": false}}'), '__proto__'],
    ['__proto__ next to valid fields', JSON.parse('{"days": 14, "__proto__": {"days": 1}}'), '__proto__'],
    ['constructor.prototype', JSON.parse('{"constructor": {"prototype": {"dryRun": false}}}'), 'constructor'],
    ['prototype', { prototype: { dryRun: true } }, 'prototype'],
    ['toString', { toString: 'x' }, 'toString'],
    ['a huge number of days', { days: 1e308 }, 'days'],
    ['days beyond 2^53', { days: 2 ** 53 + 2 }, 'days'],
    ['a huge batch size', { batchSize: 1e21 }, 'batchSize'],
    ['NaN as a string', { days: 'NaN' }, 'days'],
    ['Infinity as a string', { compressionAfterDays: 'Infinity' }, 'compressionAfterDays'],
    ['NaN as a number', { days: Number.NaN }, 'days'],
    ['Infinity as a number', { maxSessionsPerLead: Number.POSITIVE_INFINITY }, 'maxSessionsPerLead'],
    ['negative days', { days: -30 }, 'days'],
    ['fractional days', { days: 7.5 }, 'days'],
    ['negative zero days', { days: -0 }, 'days'],
    ['days as a numeric string', { days: '14' }, 'days'],
    ['a very long lead id', { leadIds: [longHex] }, 'leadIds'],
    ['a very long unknown field name', { ['x'.repeat(10_000)]: 1 }, 'unknown field'],
    ['a very long string as dryRun', { dryRun: 'y'.repeat(1_000_000) }, 'dryRun'],
    ['an array as days', { days: [14] }, 'days'],
    ['an array as dryRun', { dryRun: [true] }, 'dryRun'],
    ['a string as the lead id list', { leadIds: 'aaaaaaaaaaaaaaaaaaaaaaaa' }, 'leadIds'],
    ['uppercase hex lead ids', { leadIds: ['AAAAAAAAAAAAAAAAAAAAAAAA'] }, 'leadIds'],
    ['an empty lead id list', { leadIds: [] }, 'leadIds'],
    [
      '1,001 lead ids',
      { leadIds: Array.from({ length: 1001 }, (_, i) => i.toString(16).padStart(24, '0')) },
      'leadIds',
    ],
    ['a nested payload', { payload: { dryRun: true } }, 'payload'],
    ['a Lambda-integration-shaped payload', { Payload: { dryRun: true } }, 'Payload'],
    ['deeply nested leadIds', { leadIds: [[[[['aaaaaaaaaaaaaaaaaaaaaaaa']]]]] }, 'leadIds'],
    [
      'a scheduled event with a time that is no date',
      { source: 'aws.events', 'detail-type': 'Scheduled Event', time: '2026-13-45T99:99:99Z' },
      'time',
    ],
    [
      'a scheduled event on a day that does not exist',
      { source: 'aws.events', 'detail-type': 'Scheduled Event', time: '2026-02-30T02:00:00Z' },
      'time',
    ],
    ['a string payload', '{"dryRun":true}', 'must be a JSON object'],
    ['an array payload', [{ dryRun: true }], 'must be a JSON object'],
    ['null', null, 'must be a JSON object'],
    ['a number', 42, 'must be a JSON object'],
  ])('rejects %s, naming %s, and starts nothing', async (_, payload, named) => {
    for (const job of ['daily', 'weekly', 'monthly'] as const) {
      const { handler, start } = handlerFor(job);
      const attempt = handler(payload, { awsRequestId: 'hostile' });
      await expect(attempt).rejects.toThrow(InvalidJobRequestError);
      await expect(attempt).rejects.toThrow(named);
      const message = await attempt.then(
        () => '',
        (error: Error) => error.message,
      );
      // The message names the problem; it does not echo a megabyte of input into the logs.
      expect(message.length).toBeLessThan(2_000);
      expect(start).not.toHaveBeenCalled();
    }
  });

  it('accepts the boundaries of every range, and 1,000 lead ids', async () => {
    const { handler, start } = handlerFor('daily');
    const leadIds = Array.from({ length: 1000 }, (_, i) => i.toString(16).padStart(24, '0'));
    for (const payload of [
      { days: 1, compressionAfterDays: 1, maxSessionsPerLead: 1, batchSize: 10 },
      { days: 365, compressionAfterDays: 365, maxSessionsPerLead: 1000, batchSize: 10_000, leadIds },
    ]) {
      await expect(handler(payload, { awsRequestId: `edge-${payload.days}` })).resolves.toMatchObject({
        started: true,
      });
    }
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('leaves Object.prototype untouched by a __proto__ payload', async () => {
    const { handler } = handlerFor('daily');
    await handler(JSON.parse('{"__proto__": {"polluted": true}}'), { awsRequestId: 'p' }).catch(() => undefined);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

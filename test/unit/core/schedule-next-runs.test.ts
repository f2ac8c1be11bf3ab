import { describe, expect, it } from 'vitest';
import { nextRuns, parseScheduleExpression } from '#shared/core/schedule/index.ts';

const iso = (dates: readonly Date[]): string[] => dates.map((date) => date.toISOString().replace(':00.000Z', 'Z'));
const next = (expression: string, after: string, count = 3): string[] =>
  iso(nextRuns(parseScheduleExpression(expression), new Date(after), count));

describe('the schedules of this stack', () => {
  it('daily cron(0 2 * * ? *) fires every day at 02:00 UTC', () => {
    expect(next('cron(0 2 * * ? *)', '2026-11-29T02:47:00Z')).toEqual([
      '2026-11-30T02:00Z',
      '2026-12-01T02:00Z',
      '2026-12-02T02:00Z',
    ]);
  });

  it('weekly cron(0 3 ? * SUN *) fires on Sundays at 03:00 UTC', () => {
    // 2026-11-29 is a Sunday: before 03:00 the same day is next.
    expect(next('cron(0 3 ? * SUN *)', '2026-11-29T02:47:00Z')).toEqual([
      '2026-11-29T03:00Z',
      '2026-12-06T03:00Z',
      '2026-12-13T03:00Z',
    ]);
  });

  it('monthly cron(0 4 1 * ? *) fires on the 1st at 04:00 UTC, across the year end', () => {
    expect(next('cron(0 4 1 * ? *)', '2026-11-29T02:47:00Z')).toEqual([
      '2026-12-01T04:00Z',
      '2027-01-01T04:00Z',
      '2027-02-01T04:00Z',
    ]);
  });
});

describe('nextRuns for cron expressions', () => {
  it('is strictly after the given instant, even when it is a firing time', () => {
    expect(next('cron(0 2 * * ? *)', '2026-11-30T02:00:00Z', 1)).toEqual(['2026-12-01T02:00Z']);
    expect(next('cron(0 2 * * ? *)', '2026-11-30T01:59:59.999Z', 1)).toEqual(['2026-11-30T02:00Z']);
  });

  it.each([
    ['cron(0/15 * * * ? *)', '2026-01-01T00:07:00Z', ['2026-01-01T00:15Z', '2026-01-01T00:30Z', '2026-01-01T00:45Z']],
    ['cron(*/20 9 * * ? *)', '2026-01-01T09:41:00Z', ['2026-01-02T09:00Z', '2026-01-02T09:20Z', '2026-01-02T09:40Z']],
    [
      'cron(10-50/20 8 * * ? *)',
      '2026-01-01T00:00:00Z',
      ['2026-01-01T08:10Z', '2026-01-01T08:30Z', '2026-01-01T08:50Z'],
    ],
    [
      'cron(0 8,12,18 * * ? *)',
      '2026-01-01T12:00:00Z',
      ['2026-01-01T18:00Z', '2026-01-02T08:00Z', '2026-01-02T12:00Z'],
    ],
    [
      'cron(30 9 ? * MON-FRI *)',
      '2026-11-27T10:00:00Z',
      ['2026-11-30T09:30Z', '2026-12-01T09:30Z', '2026-12-02T09:30Z'],
    ],
    ['cron(0 0 ? * 1,7 *)', '2026-11-27T10:00:00Z', ['2026-11-28T00:00Z', '2026-11-29T00:00Z', '2026-12-05T00:00Z']],
    ['cron(0 0 ? * sat *)', '2026-11-27T10:00:00Z', ['2026-11-28T00:00Z', '2026-12-05T00:00Z', '2026-12-12T00:00Z']],
    [
      'cron(0 12 15 JAN,JUL ? *)',
      '2026-03-01T00:00:00Z',
      ['2026-07-15T12:00Z', '2027-01-15T12:00Z', '2027-07-15T12:00Z'],
    ],
    [
      'cron(0 6 1 MAR-MAY ? 2027)',
      '2026-03-01T00:00:00Z',
      ['2027-03-01T06:00Z', '2027-04-01T06:00Z', '2027-05-01T06:00Z'],
    ],
  ])('%s after %s', (expression, after, expected) => {
    expect(next(expression, after)).toEqual(expected);
  });

  it('day-of-week uses EventBridge numbering: 1 is Sunday, 7 is Saturday', () => {
    expect(next('cron(0 0 ? * 1 *)', '2026-11-25T00:00:00Z', 1)).toEqual(['2026-11-29T00:00Z']); // a Sunday
    expect(next('cron(0 0 ? * 7 *)', '2026-11-25T00:00:00Z', 1)).toEqual(['2026-11-28T00:00Z']); // a Saturday
    expect(next('cron(0 0 ? * 1 *)', '2026-11-25T00:00:00Z', 1)).toEqual(
      next('cron(0 0 ? * SUN *)', '2026-11-25T00:00:00Z', 1),
    );
  });

  it('day-of-month picks dates whatever the weekday; day-of-week picks weekdays whatever the date', () => {
    expect(next('cron(0 0 13 * ? *)', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-13T00:00Z', '2026-02-13T00:00Z']);
    expect(next('cron(0 0 ? * FRI *)', '2026-02-10T00:00:00Z', 2)).toEqual(['2026-02-13T00:00Z', '2026-02-20T00:00Z']);
  });

  it('month ends: the 31st skips months that are shorter', () => {
    expect(next('cron(0 0 31 * ? *)', '2026-01-31T00:00:00Z', 4)).toEqual([
      '2026-03-31T00:00Z',
      '2026-05-31T00:00Z',
      '2026-07-31T00:00Z',
      '2026-08-31T00:00Z',
    ]);
    expect(next('cron(0 0 30 * ? *)', '2026-01-30T00:00:00Z', 2)).toEqual(['2026-03-30T00:00Z', '2026-04-30T00:00Z']);
  });

  it('leap years: 29 February comes every four years, not in 2100', () => {
    expect(next('cron(0 0 29 2 ? *)', '2026-01-01T00:00:00Z', 3)).toEqual([
      '2028-02-29T00:00Z',
      '2032-02-29T00:00Z',
      '2036-02-29T00:00Z',
    ]);
    expect(next('cron(0 0 29 FEB ? 2096-2104)', '2096-03-01T00:00:00Z', 2)).toEqual(['2104-02-29T00:00Z']);
  });

  it('yields fewer runs, or none, when the schedule ends or can never fire', () => {
    expect(next('cron(0 0 1 1 ? 2027)', '2026-01-01T00:00:00Z', 3)).toEqual(['2027-01-01T00:00Z']);
    expect(next('cron(0 0 1 1 ? 2025)', '2026-01-01T00:00:00Z', 3)).toEqual([]);
    expect(next('cron(0 0 30 2 ? *)', '2026-01-01T00:00:00Z', 3)).toEqual([]);
  });

  it('crosses days, months and years at the last minute', () => {
    expect(next('cron(59 23 * * ? *)', '2026-12-31T23:59:00Z', 1)).toEqual(['2027-01-01T23:59Z']);
    expect(next('cron(* * * * ? *)', '2026-12-31T23:59:30Z', 2)).toEqual(['2027-01-01T00:00Z', '2027-01-01T00:01Z']);
  });
});

describe('nextRuns for rate expressions', () => {
  it('counts periods from the anchor when it is known', () => {
    const schedule = parseScheduleExpression('rate(6 hours)');
    const runs = nextRuns(schedule, new Date('2026-01-01T07:00:00Z'), 2, {
      rateAnchor: new Date('2026-01-01T00:30:00Z'),
    });
    expect(iso(runs)).toEqual(['2026-01-01T12:30Z', '2026-01-01T18:30Z']);
  });

  it('counts from the given instant without an anchor', () => {
    expect(next('rate(1 day)', '2026-01-01T07:00:00Z', 2)).toEqual(['2026-01-02T07:00Z', '2026-01-03T07:00Z']);
    expect(next('rate(5 minutes)', '2026-01-01T07:00:00Z', 1)).toEqual(['2026-01-01T07:05Z']);
  });
});

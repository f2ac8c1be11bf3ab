import { describe, expect, it } from 'vitest';
import { InvalidScheduleExpressionError, parseScheduleExpression } from '#shared/core/schedule/index.ts';

describe('parseScheduleExpression', () => {
  it('reads the fields of a cron expression, with names and ?', () => {
    expect(parseScheduleExpression('cron(0 3 ? * SUN *)')).toMatchObject({
      kind: 'cron',
      minutes: [0],
      hours: [3],
      dayOfMonth: null,
      month: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      dayOfWeek: [1],
    });
    expect(parseScheduleExpression('cron(5,1,5 0 1 jan-mar ? 2030)')).toMatchObject({
      minutes: [1, 5],
      month: [1, 2, 3],
      year: [2030],
    });
  });

  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(15 minutes)', 900_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(2 days)', 172_800_000],
  ])('reads %s', (expression, periodMs) => {
    expect(parseScheduleExpression(expression)).toEqual({ kind: 'rate', expression, periodMs });
  });

  it.each([
    ['at(2026-01-01T00:00:00)', null, 'expected cron(...) or rate(...)'],
    ['cron(0 2 * * ?)', null, 'expected six fields'],
    ['cron(60 2 * * ? *)', 'minutes', '60 is out of range 0-59'],
    ['cron(0 24 * * ? *)', 'hours', '24 is out of range 0-23'],
    ['cron(0 2 0 * ? *)', 'day-of-month', '0 is out of range 1-31'],
    ['cron(0 2 32 * ? *)', 'day-of-month', '32 is out of range 1-31'],
    ['cron(0 2 1 13 ? *)', 'month', '13 is out of range 1-12'],
    ['cron(0 2 1 FOO ? *)', 'month', '"FOO" is not a number from 1 to 12 or JAN-DEC'],
    ['cron(0 2 ? * 0 *)', 'day-of-week', '0 is out of range 1-7'],
    ['cron(0 2 ? * FRI-MON *)', 'day-of-week', 'range "FRI-MON" ends before it starts'],
    ['cron(0 2 1 * ? 1969)', 'year', '1969 is out of range 1970-2199'],
    ['cron(0/0 2 * * ? *)', 'minutes', 'step "0" must be a whole number from 1 to 60'],
    ['cron(1/2/3 2 * * ? *)', 'minutes', 'is not a value, range or step'],
    ['cron(0 ? * * * *)', 'day-of-month', 'exactly one of day-of-month and day-of-week must be ?'],
    ['cron(0 2 * * * *)', 'day-of-month', 'exactly one of day-of-month and day-of-week must be ?'],
    ['cron(0 2 ? * ? *)', 'day-of-week', 'exactly one of day-of-month and day-of-week must be ?'],
    ['cron(? 2 1 * ? *)', 'minutes', '? is only allowed in day-of-month or day-of-week'],
    ['cron(0 2 L * ? *)', 'day-of-month', 'L (last) is not supported'],
    ['cron(0 2 15W * ? *)', 'day-of-month', 'W (nearest weekday) is not supported'],
    ['cron(0 2 ? * 6L *)', 'day-of-week', 'L (last) is not supported'],
    ['cron(0 2 ? * 6#3 *)', 'day-of-week', '# (nth weekday of the month) is not supported'],
    ['cron(0 2 , * ? *)', 'day-of-month', 'is not a value, range or step'],
    ['rate(0 minutes)', 'rate value', '"0" is not a positive whole number'],
    ['rate(five minutes)', 'rate value', '"five" is not a positive whole number'],
    ['rate(1 minutes)', 'rate unit', 'use "minute" with the value 1'],
    ['rate(2 hour)', 'rate unit', 'use "hours" with the value 2'],
    ['rate(2 weeks)', 'rate unit', '"weeks" is not minute(s), hour(s) or day(s)'],
    ['rate(2)', null, 'expected rate(value unit)'],
  ])('refuses %s, naming the field (%s)', (expression, field, message) => {
    let error: unknown;
    try {
      parseScheduleExpression(expression);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidScheduleExpressionError);
    const invalid = error as InvalidScheduleExpressionError;
    expect(invalid.field).toBe(field);
    expect(invalid.message).toContain(message);
    expect(invalid.message).toContain(JSON.stringify(expression));
    if (field !== null) expect(invalid.message).toContain(`${field}: `);
  });

  it('does not mistake the letters of month and day names for L or W', () => {
    expect(parseScheduleExpression('cron(0 0 ? JUL WED *)')).toMatchObject({ month: [7], dayOfWeek: [4] });
  });
});

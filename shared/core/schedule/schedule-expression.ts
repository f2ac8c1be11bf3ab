import {
  CronFieldError,
  cronFieldSpecs,
  parseCronField,
  type CronFieldSpec,
  type CronFieldValues,
} from './cron-field.ts';
import { InvalidScheduleExpressionError } from './errors.ts';

/** A parsed `cron(...)`: the allowed values of each field. Exactly one of the two day fields is null (`?`). */
export interface CronSchedule {
  readonly kind: 'cron';
  readonly expression: string;
  readonly minutes: CronFieldValues;
  readonly hours: CronFieldValues;
  readonly dayOfMonth: CronFieldValues | null;
  readonly month: CronFieldValues;
  readonly dayOfWeek: CronFieldValues | null;
  readonly year: CronFieldValues;
}

/** A parsed `rate(n unit)`. */
export interface RateSchedule {
  readonly kind: 'rate';
  readonly expression: string;
  readonly periodMs: number;
}

export type Schedule = CronSchedule | RateSchedule;

const fieldOrder = ['minutes', 'hours', 'dayOfMonth', 'month', 'dayOfWeek', 'year'] as const;
const unitMs = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * Parses an EventBridge schedule expression (UTC): `cron(minutes hours day-of-month month day-of-week year)` or
 * `rate(value unit)`.
 * @throws InvalidScheduleExpressionError naming the field at fault.
 */
export function parseScheduleExpression(expression: string): Schedule {
  const text = expression.trim();
  const cron = /^cron\((.*)\)$/s.exec(text);
  if (cron) return parseCron(expression, cron[1] ?? '');
  const rate = /^rate\((.*)\)$/s.exec(text);
  if (rate) return parseRate(expression, rate[1] ?? '');
  throw new InvalidScheduleExpressionError(expression, null, 'expected cron(...) or rate(...)');
}

function parseCron(expression: string, body: string): CronSchedule {
  const texts = body.trim().split(/\s+/);
  if (texts.length !== 6) {
    throw new InvalidScheduleExpressionError(
      expression,
      null,
      `expected six fields (minutes hours day-of-month month day-of-week year), got ${texts.length}`,
    );
  }
  const [, , dayOfMonthText, , dayOfWeekText] = texts;
  // EventBridge: a value or * in one day field needs ? in the other; both ? (or neither) is refused.
  if ((dayOfMonthText === '?') === (dayOfWeekText === '?')) {
    const field = dayOfMonthText === '?' ? cronFieldSpecs.dayOfWeek.name : cronFieldSpecs.dayOfMonth.name;
    throw new InvalidScheduleExpressionError(
      expression,
      field,
      'exactly one of day-of-month and day-of-week must be ? (EventBridge cannot combine them)',
    );
  }
  const parsed = fieldOrder.map((key, index) => {
    const fieldText = texts[index] as string;
    const spec: CronFieldSpec = cronFieldSpecs[key];
    if (fieldText === '?') {
      if (key === 'dayOfMonth' || key === 'dayOfWeek') return null;
      throw new InvalidScheduleExpressionError(
        expression,
        spec.name,
        '? is only allowed in day-of-month or day-of-week',
      );
    }
    try {
      return parseCronField(spec, fieldText);
    } catch (error) {
      if (error instanceof CronFieldError)
        throw new InvalidScheduleExpressionError(expression, spec.name, error.message);
      throw error;
    }
  });
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = parsed;
  return {
    kind: 'cron',
    expression,
    minutes: minutes as CronFieldValues,
    hours: hours as CronFieldValues,
    dayOfMonth: dayOfMonth ?? null,
    month: month as CronFieldValues,
    dayOfWeek: dayOfWeek ?? null,
    year: year as CronFieldValues,
  };
}

function parseRate(expression: string, body: string): RateSchedule {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(body);
  if (!match)
    throw new InvalidScheduleExpressionError(expression, null, 'expected rate(value unit), e.g. rate(5 minutes)');
  const [, valueText = '', unitText = ''] = match;
  if (!/^\d+$/.test(valueText) || Number(valueText) < 1)
    throw new InvalidScheduleExpressionError(expression, 'rate value', `"${valueText}" is not a positive whole number`);
  const value = Number(valueText);
  const unit = unitText.replace(/s$/, '');
  if (!(unit in unitMs))
    throw new InvalidScheduleExpressionError(
      expression,
      'rate unit',
      `"${unitText}" is not minute(s), hour(s) or day(s)`,
    );
  // EventBridge insists on the grammatical number: rate(1 hour), rate(2 hours).
  const expected = value === 1 ? unit : `${unit}s`;
  if (unitText !== expected)
    throw new InvalidScheduleExpressionError(expression, 'rate unit', `use "${expected}" with the value ${value}`);
  return { kind: 'rate', expression, periodMs: value * unitMs[unit as keyof typeof unitMs] };
}

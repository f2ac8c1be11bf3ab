/**
 * One field of an EventBridge cron expression, parsed into the set of values it allows. EventBridge syntax:
 * `*`, a value, `a-b`, `a,b,c`, and steps `a/n`, `a-b/n` or `*\/n` (a step without a range runs to the field's end).
 */

/** What a field accepts. Names (JAN, SUN) are matched case-insensitively, as EventBridge does. */
export interface CronFieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names for values, index 0 meaning `min` (JAN = 1 for months, SUN = 1 for days of the week). */
  readonly names?: readonly string[];
}

export const cronFieldSpecs = {
  minutes: { name: 'minutes', min: 0, max: 59 },
  hours: { name: 'hours', min: 0, max: 23 },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31 },
  month: {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  // EventBridge numbers days of the week 1 (SUN) to 7 (SAT), not cron's 0-6.
  dayOfWeek: { name: 'day-of-week', min: 1, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  year: { name: 'year', min: 1970, max: 2199 },
} as const satisfies Record<string, CronFieldSpec>;

/** A field's allowed values, sorted ascending without duplicates. */
export type CronFieldValues = readonly number[];

/** Thrown with the field's problem; the caller adds the expression and the field's name. */
export class CronFieldError extends Error {
  override readonly name = 'CronFieldError';
}

const unsupported: Readonly<Record<string, string>> = {
  L: 'L (last) is not supported by this evaluator',
  W: 'W (nearest weekday) is not supported by this evaluator',
  '#': '# (nth weekday of the month) is not supported by this evaluator',
};

function valueOf(spec: CronFieldSpec, text: string): number {
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return spec.min + index;
  if (!/^\d+$/.test(text)) {
    const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
    throw new CronFieldError(`"${text}" is not a number from ${spec.min} to ${spec.max}${names}`);
  }
  const value = Number(text);
  if (value < spec.min || value > spec.max)
    throw new CronFieldError(`${value} is out of range ${spec.min}-${spec.max}`);
  return value;
}

function stepOf(text: string, spec: CronFieldSpec): number {
  const span = spec.max - spec.min + 1;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > span)
    throw new CronFieldError(`step "${text}" must be a whole number from 1 to ${span}`);
  return Number(text);
}

/** The values one list item (`*`, `5`, `MON-FRI`, `0/15`, `10-50/20`) allows. */
function itemValues(spec: CronFieldSpec, item: string): number[] {
  // Names are removed first so that the L of JUL or the W of WED is not taken for a special character.
  const withoutNames = (spec.names ?? []).reduce((text, name) => text.replaceAll(name, ''), item.toUpperCase());
  for (const [marker, message] of Object.entries(unsupported))
    if (withoutNames.includes(marker)) throw new CronFieldError(message);
  const [rangeText = '', stepText, extra] = item.split('/');
  if (extra !== undefined || rangeText === '') throw new CronFieldError(`"${item}" is not a value, range or step`);
  const step = stepText === undefined ? 1 : stepOf(stepText, spec);
  let start: number;
  let end: number;
  if (rangeText === '*') {
    [start, end] = [spec.min, spec.max];
  } else if (rangeText.includes('-')) {
    const [from = '', to = '', more] = rangeText.split('-');
    if (more !== undefined) throw new CronFieldError(`"${item}" is not a range like 1-5`);
    [start, end] = [valueOf(spec, from), valueOf(spec, to)];
    if (end < start) throw new CronFieldError(`range "${rangeText}" ends before it starts`);
  } else {
    start = valueOf(spec, rangeText);
    // `5/15` means from 5 to the end in steps of 15; a bare `5` is just 5.
    end = stepText === undefined ? start : spec.max;
  }
  const values: number[] = [];
  for (let value = start; value <= end; value += step) values.push(value);
  return values;
}

/**
 * Parses one field. `?` is not handled here (it is only valid in day-of-month and day-of-week, decided by the
 * expression parser).
 * @throws CronFieldError describing the problem.
 */
export function parseCronField(spec: CronFieldSpec, text: string): CronFieldValues {
  if (text === '') throw new CronFieldError('is empty');
  const values = new Set<number>();
  for (const item of text.split(',')) for (const value of itemValues(spec, item)) values.add(value);
  return [...values].sort((a, b) => a - b);
}

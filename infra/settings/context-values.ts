/**
 * Parsers for single context values. A value comes from cdk.json (JSON types) or from `-c key=value` (always a
 * string), so each parser accepts both. Each returns the value or a problem message naming the key.
 */

/** A parsed value, or the reason the raw value is refused. */
export type Parsed<T> = { readonly value: T } | { readonly problem: string };

const shown = (raw: unknown): string => JSON.stringify(raw) ?? String(raw);

/** A whole number in `range`; `4` and `"4"` are accepted, `4.5`, `"four"` and `0` (when out of range) are not. */
export function wholeNumber(key: string, raw: unknown, range: { min: number; max: number }): Parsed<number> {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const expectation = `a whole number from ${range.min} to ${range.max}`;
  if (!/^\d+$/.test(text)) return { problem: `${key}=${shown(raw)} is not ${expectation}` };
  const value = Number(text);
  if (value < range.min || value > range.max)
    return { problem: `${key}=${value} is out of range: expected ${expectation}` };
  return { value };
}

/** A decimal number in `range` (inclusive). */
export function decimal(key: string, raw: unknown, range: { min: number; max: number }): Parsed<number> {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || value < range.min || value > range.max) {
    return { problem: `${key}=${shown(raw)} is not a number from ${range.min} to ${range.max}` };
  }
  return { value };
}

/** `true`/`false`, as JSON booleans or strings. */
export function flag(key: string, raw: unknown): Parsed<boolean> {
  if (raw === true || raw === 'true') return { value: true };
  if (raw === false || raw === 'false') return { value: false };
  return { problem: `${key}=${shown(raw)} is not a boolean: expected true or false` };
}

/** A non-empty string matching `pattern`; `expectation` says what was expected, for the message. */
export function patterned(key: string, raw: unknown, pattern: RegExp, expectation: string): Parsed<string> {
  if (typeof raw !== 'string' || !pattern.test(raw.trim())) {
    return { problem: `${key}=${shown(raw)} is not ${expectation}` };
  }
  return { value: raw.trim() };
}

/** A list of strings matching `pattern`: a JSON array, or (from `-c`) a comma-separated string. */
export function patternedList(
  key: string,
  raw: unknown,
  pattern: RegExp,
  expectation: string,
): Parsed<readonly string[]> {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',').map((item) => item.trim()) : null;
  const valid =
    items !== null && items.length > 0 && items.every((item) => typeof item === 'string' && pattern.test(item));
  if (!valid) return { problem: `${key}=${shown(raw)} is not a non-empty list of ${expectation}` };
  return { value: items as string[] };
}

/**
 * An EventBridge cron expression: six fields (minutes hours day-of-month month day-of-week year), with `?` in
 * exactly one of day-of-month and day-of-week, as EventBridge requires. Times are UTC.
 */
export function cronExpression(key: string, raw: unknown): Parsed<string> {
  const expectation = 'an EventBridge cron expression like "cron(0 2 * * ? *)" (six fields, UTC)';
  const match = typeof raw === 'string' ? /^cron\(([^()]+)\)$/.exec(raw.trim()) : null;
  const fields = match?.[1]?.trim().split(/\s+/) ?? [];
  const questionMarks = [fields[2], fields[4]].filter((field) => field === '?').length;
  if (fields.length !== 6 || questionMarks !== 1) return { problem: `${key}=${shown(raw)} is not ${expectation}` };
  return { value: `cron(${fields.join(' ')})` };
}

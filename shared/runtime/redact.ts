/**
 * The redaction layer between the code and every log line, report and event: session payloads and secrets never
 * leave through it, even when a value is logged by mistake. Keys that carry such data are masked whole; strings
 * that look like connection strings or bearer tokens are masked wherever they appear.
 */
const sensitiveKeys = new Set([
  'cookies',
  'cookie',
  'value',
  'localstorage',
  'sessionstorage',
  'token',
  'accesstoken',
  'refreshtoken',
  'authorization',
  'password',
  'secret',
  'mongodburi',
  'uri',
  'encrypted',
  'iv',
  'data',
  'stored',
  'browsersession',
  'sessionhistory',
]);

const sensitivePatterns: readonly [RegExp, string][] = [
  [/mongodb(\+srv)?:\/\/[^\s"']+/gi, 'mongodb://<redacted>'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '<redacted-jwt>'],
  [/\bBearer\s+[A-Za-z0-9._~+/-]+=*/gi, 'Bearer <redacted>'],
];

export const redactedMarker = '<redacted>';

/** Masks secrets inside a string. */
export function redactText(text: string): string {
  return sensitivePatterns.reduce((current, [pattern, replacement]) => current.replace(pattern, replacement), text);
}

/** A deep copy of `value` with sensitive keys masked and sensitive strings scrubbed. Cycles are cut. */
export function redact(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return '<cycle>';
  seen.add(value);
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      stack: value.stack ? redactText(value.stack) : undefined,
    };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = sensitiveKeys.has(key.toLowerCase()) ? redactedMarker : redact(item, seen);
  }
  return copy;
}

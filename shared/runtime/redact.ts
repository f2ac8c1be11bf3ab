/**
 * The redaction layer between the code and every log line, report and event: session payloads and secrets never
 * leave through it, even when a value is logged by mistake. Keys that carry such data are masked whole; strings
 * that look like connection strings, credentials, bearer tokens or cookie headers are masked wherever they appear.
 */
const sensitiveKeys = new Set([
  'cookies',
  'cookie',
  'setcookie',
  'value',
  'localstorage',
  'sessionstorage',
  'token',
  'authorization',
  'proxyauthorization',
  'password',
  'passwd',
  'secret',
  'credentials',
  'apikey',
  'privatekey',
  'connectionstring',
  'mongodburi',
  'mongouri',
  'uri',
  'encrypted',
  'iv',
  'data',
  'stored',
  'compressedpayload',
  'browsersession',
  'sessionhistory',
]);

/** `sessionToken`, `csrf_token`, `clientSecret`, `db-password`, `x-api-key`: named for what they hold. */
const sensitiveKeySuffixes = ['token', 'secret', 'password', 'passwd', 'apikey'];

/** Compares keys whatever their case and separators: `Set-Cookie`, `set_cookie` and `setCookie` are one key. */
function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return sensitiveKeys.has(normalized) || sensitiveKeySuffixes.some((suffix) => normalized.endsWith(suffix));
}

const secretName = String.raw`[A-Za-z0-9_.-]*(?:token|secret|password|passwd|api[_-]?key)`;

const sensitivePatterns: readonly [RegExp, string][] = [
  // Connection strings: the whole MongoDB URI (credentials, hosts, options); any other URL's user and password.
  // A password may hold a quote (RFC 3986 allows it in userinfo): the credentials end at the last "@" only.
  [/mongodb(\+srv)?:\/\/(?:[^\s"<>/?#]*@)?[^\s"'<>]+/gi, 'mongodb://<redacted>'],
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"<>]+@/gi, '$1<redacted>@'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '<redacted-jwt>'],
  // Headers quoted in a message: the credentials of any scheme, every cookie of a Cookie or Set-Cookie line.
  [/\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)(?:[A-Za-z-]+\s+)?[^\s"',;]+/gi, '$1$2<redacted>'],
  [/\b((?:set-)?cookie)(["']?\s*:\s*["']?)[^\s=;,"']+=[^\r\n"]*/gi, '$1$2<redacted>'],
  [/\bBearer\s+[A-Za-z0-9._~+/-]+=*/gi, 'Bearer <redacted>'],
  // `password=...`, `access_token: ...`, `"session_token":"..."`, `?api_key=...` (not a part of an ARN or path).
  [
    new RegExp(String.raw`(?<![\w:/.-])(${secretName})(["']?\s*[=:]\s*["']?)(?!<redacted)[^\s"'&;,<>]+`, 'gi'),
    '$1$2<redacted>',
  ],
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
  // Raw bytes (a Buffer, a compressed payload) are never text worth logging.
  if (ArrayBuffer.isView(value)) return `<${value.byteLength} bytes>`;
  if (seen.has(value)) return '<cycle>';
  seen.add(value);
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      stack: value.stack ? redactText(value.stack) : undefined,
      // A wrapped error often holds the original message, connection string included.
      ...(value.cause === undefined ? {} : { cause: redact(value.cause, seen) }),
    };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSensitiveKey(key) ? redactedMarker : redact(item, seen);
  }
  return copy;
}

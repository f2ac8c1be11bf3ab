import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact, redactedMarker, redactText } from '#shared/runtime/redact.ts';

const secret = 'S3CRET-value-42';

describe('the redaction layer', () => {
  describe('masks session payloads and secrets by key, at any depth', () => {
    it.each([
      ['cookies', { cookies: [{ name: 'session_token', value: secret }] }],
      ['a cookie value', { cookie: { name: 'sid', value: secret } }],
      ['a Set-Cookie header', { headers: { 'Set-Cookie': `sid=${secret}; Path=/` } }],
      ['localStorage', { localStorage: { authorization: `Bearer ${secret}` } }],
      ['sessionStorage', { sessionStorage: { 'persist:root': secret } }],
      ['a current session', { lead: { browserSession: { sessionId: 's1', cookies: [] }, note: 'x' } }],
      ['a session history', { lead: { sessionHistory: [{ localStorage: { a: secret } }] } }],
      ['an Authorization header', { request: { headers: { Authorization: `Basic ${secret}` } } }],
      ['a Proxy-Authorization header', { headers: { 'proxy-authorization': secret } }],
      ['a session token', { session_token: secret }],
      ['a csrf token', { csrfToken: secret }],
      ['an access token', { auth: { accessToken: secret, refresh_token: secret } }],
      ['a client secret', { clientSecret: secret }],
      ['a password', { db: { password: secret } }],
      ['an api key', { 'x-api-key': secret }],
      ['a connection string', { mongoUri: secret, connectionString: secret, MONGODB_URI: secret }],
      ['an encrypted envelope', { cookies: { encrypted: secret, iv: secret, _encrypted: true } }],
      ['a compressed payload', { entry: { compressedPayload: secret } }],
    ])('%s', (_name, value) => {
      // Act
      const masked = JSON.stringify(redact(value));

      // Assess
      expect(masked).not.toContain(secret);
      expect(masked).toContain(redactedMarker);
    });
  });

  describe('scrubs secrets inside text', () => {
    it.each([
      ['a MongoDB URI with credentials', `failed: mongodb://ops:${secret}@db.example:27017/leads?authSource=admin`],
      ['a MongoDB SRV URI', `mongodb+srv://ops:${secret}@cluster0.example.net/leads`],
      ['a MongoDB URI in JSON', JSON.stringify({ errorMessage: `connect mongodb://u:${secret}@h/db` })],
      ['a MongoDB URI in quotes', `connecting to 'mongodb://u:${secret}@h/db'`],
      ['a MongoDB URI with an option secret', `mongodb://h/db?appName=${secret}`],
      ['another URL with credentials', `proxy https://user:${secret}@proxy.example:8080/ refused`],
      ['an Authorization header', `request had Authorization: Basic ${secret}`],
      ['an Authorization bearer header', `Authorization: Bearer ${secret}`],
      ['an Authorization header in JSON', JSON.stringify({ authorization: `Bearer ${secret}` })],
      ['a bearer token', `token was Bearer ${secret}`],
      ['a JWT', `jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${secret}`],
      ['a Cookie header', `Cookie: theme=dark; session_token=${secret}`],
      ['a Set-Cookie header', `set-cookie: sid=${secret}; HttpOnly; Secure`],
      ['a session token assignment', `session_token=${secret}`],
      ['a token in a query string', `GET /api?access_token=${secret}&page=2`],
      ['a token in JSON', `{"refreshToken":"${secret}","page":2}`],
      ['a password assignment', `password: ${secret}`],
      ['an api key', `x-api-key=${secret}`],
    ])('%s', (_name, text) => {
      // Act
      const scrubbed = redactText(text);

      // Assess
      expect(scrubbed).not.toContain(secret);
      expect(scrubbed).toContain('<redacted');
    });

    it('scrubs strings nested in objects and arrays', () => {
      // Prepare
      const value = { batches: [{ index: 3, error: `lost mongodb://ops:${secret}@h/db` }], note: [`Bearer ${secret}`] };

      // Act
      const masked = JSON.stringify(redact(value));

      // Assess
      expect(masked).not.toContain(secret);
      expect(masked).toContain('"index":3');
    });
  });

  describe('holds for any secret (property-based)', () => {
    // Q...Q: a secret that cannot be mistaken for the template's own text.
    const fenced = (characters: RegExp) => fc.stringMatching(characters).map((body) => `Q${body}Q`);
    /** What RFC 3986 allows in a password (":" and "@" must be percent-encoded). */
    const password = fenced(/^[A-Za-z0-9._~!$&'()*+,;=%-]{4,40}$/);
    /** Tokens: base64, base64url, hex, opaque ids. */
    const token = fenced(/^[A-Za-z0-9._~+/-]{4,60}={0,2}$/);
    /** What RFC 6265 allows in a cookie value. */
    const cookieValue = fenced(/^[A-Za-z0-9!#$%&'()*+./:<=>?@[\]^_`{|}~-]{4,60}$/);

    it.each([
      ['a MongoDB URI', password, (s: string) => `connect mongodb://ops:${s}@db.example:27017/leads?tls=true failed`],
      [
        'a MongoDB SRV URI in JSON',
        password,
        (s: string) => JSON.stringify({ cause: `mongodb+srv://ops:${s}@c.net/` }),
      ],
      ['a MongoDB URI in quotes', password, (s: string) => `uri 'mongodb://ops:${s}@h/db' refused`],
      ['an HTTPS URL with credentials', password, (s: string) => `GET https://ops:${s}@api.example/x`],
      ['an Authorization header', token, (s: string) => `Authorization: Basic ${s}`],
      ['a bearer token in JSON', token, (s: string) => JSON.stringify({ headers: { Authorization: `Bearer ${s}` } })],
      ['a session token', token, (s: string) => `session_token=${s}; path=/`],
      ['a token in a query', token, (s: string) => `/cb?access_token=${s}&state=1`],
      ['a Cookie header', cookieValue, (s: string) => `Cookie: theme=dark; session_token=${s}`],
    ])('%s', (_name, secretArbitrary, template) => {
      fc.assert(
        fc.property(secretArbitrary, (secretValue) => {
          // Act
          const scrubbed = redactText(template(secretValue));

          // Assess: the secret is gone, and scrubbing again changes nothing.
          expect(scrubbed).not.toContain(secretValue);
          expect(redactText(scrubbed)).toBe(scrubbed);
        }),
      );
    });

    it('masks any value under a sensitive key, at any depth', () => {
      const sensitiveKey = fc.constantFrom('cookies', 'Set-Cookie', 'localStorage', 'session_token', 'clientSecret');
      fc.assert(
        fc.property(sensitiveKey, fc.jsonValue(), fc.nat(4), (key, value, depth) => {
          // Prepare
          let nested: unknown = { [key]: value };
          for (let level = 0; level < depth; level += 1) nested = { level, child: [nested] };

          // Act / Assess
          expect(JSON.stringify(redact(nested))).toContain(`"${key}":"${redactedMarker}"`);
        }),
      );
    });
  });

  describe('errors', () => {
    it('keeps the name and scrubs a message and stack carrying a connection string', () => {
      // Prepare
      const error = new TypeError(`cannot reach mongodb://ops:${secret}@db.example/leads`);

      // Act
      const masked = redact({ error }) as { error: { name: string; message: string; stack: string } };

      // Assess
      expect(masked.error.name).toBe('TypeError');
      expect(masked.error.message).toBe('cannot reach mongodb://<redacted>');
      expect(JSON.stringify(masked)).not.toContain(secret);
    });

    it('scrubs the cause of a wrapped error', () => {
      // Prepare
      const cause = new Error(`auth failed for mongodb://ops:${secret}@h/db`);
      const error = new Error('batch 3 failed', { cause });

      // Act
      const masked = JSON.stringify(redact(error));

      // Assess
      expect(masked).not.toContain(secret);
      expect(masked).toContain('auth failed for mongodb://<redacted>');
    });
  });

  describe('keeps what is not a secret', () => {
    it('keeps counts, ids, statuses and dates', () => {
      // Prepare
      const finishedAt = new Date('2026-11-01T04:00:00Z');
      const summary = {
        runId: 'daily-manual-20261101T040000Z-abc',
        job: 'daily',
        status: 'COMPLETED',
        batches: { planned: 2, failed: 0 },
        headline: { leadsScanned: 600, sessionsRemoved: 12, cookiesRemoved: 4, bytesSaved: 1024 },
        reportKey: 'reports/daily/2026/11/01/daily-manual-20261101T040000Z-abc.json',
        finishedAt,
      };

      // Act
      const masked = redact(summary);

      // Assess
      expect(masked).toEqual(summary);
    });

    it.each([
      'batch 3 failed: LeaseLostError: run daily-1 no longer holds the daily lease',
      'the secret arn:aws:secretsmanager:eu-west-1:123456789012:secret:db holds no MongoDB URI',
      'mongodb://<redacted>',
      'https://example.com/reports/daily.json',
      'cookie count: 3 removed',
      'authorization failed for the operator',
    ])('leaves plain text alone: %s', (text) => {
      // Act / Assess
      expect(redactText(text)).toBe(text);
    });

    it('describes raw bytes by their size', () => {
      // Act / Assess
      expect(redact({ blob: Buffer.from(secret) })).toEqual({ blob: `<${secret.length} bytes>` });
    });

    it('cuts cycles instead of looping', () => {
      // Prepare
      const cyclic: Record<string, unknown> = { a: 1 };
      cyclic.self = cyclic;

      // Act / Assess
      expect(redact(cyclic)).toEqual({ a: 1, self: '<cycle>' });
    });
  });
});

import { describe, expect, it } from 'vitest';
import { redact, redactText } from '#shared/runtime/redact.ts';

describe('redact', () => {
  it('masks session payload fields wherever they appear', () => {
    const masked = redact({ lead: { cookies: [{ name: 'sid', value: 'SECRET' }], localStorage: { token: 'SECRET' } } });
    expect(JSON.stringify(masked)).not.toContain('SECRET');
  });

  it.each([
    ['mongodb+srv://user:pass@cluster0.example.net/leads', 'pass@'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'eyJzdWIi'],
    ['Authorization: Bearer abc.def.ghi', 'abc.def'],
  ])('scrubs secrets inside text: %s', (text, secret) => {
    expect(redactText(text)).not.toContain(secret);
  });

  it('keeps counts and ids that are not secrets', () => {
    expect(redact({ runId: 'daily-1', batch: 3, sessionsRemoved: 10 })).toEqual({
      runId: 'daily-1',
      batch: 3,
      sessionsRemoved: 10,
    });
  });

  it('cuts cycles instead of looping', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(redact(cyclic)).toEqual({ a: 1, self: '<cycle>' });
  });
});

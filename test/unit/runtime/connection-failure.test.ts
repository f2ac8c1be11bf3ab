import { MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { connectionFailureCause, unreachableDatabase } from '#shared/mongo/connection-failure.ts';

const networkError = (message: string, code?: string) =>
  new MongoNetworkError(message, code === undefined ? {} : { cause: Object.assign(new Error(message), { code }) });

describe('connectionFailureCause', () => {
  it.each([
    ['a refused port', networkError('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'), /^connection refused/],
    ['an unknown host', networkError('getaddrinfo ENOTFOUND db.invalid', 'ENOTFOUND'), /^host not found/],
    ['a DNS failure', networkError('getaddrinfo EAI_AGAIN db', 'EAI_AGAIN'), /^host not found/],
    ['an unreachable network', networkError('connect EHOSTUNREACH', 'EHOSTUNREACH'), /^host unreachable/],
    [
      'a TLS mismatch',
      networkError('SSL routines:tls_get_more_records:packet length too long', 'ERR_SSL_PACKET_LENGTH_TOO_LONG'),
      /^TLS handshake failed \(ERR_SSL_PACKET_LENGTH_TOO_LONG\)/,
    ],
    ['a self-signed certificate', networkError('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'), /^TLS/],
    ['a server that closed the handshake', networkError('connection <monitor> to 127.0.0.1:9 closed'), /closed/],
    ['silence', new Error('Server selection timed out after 3000 ms'), /^no answer within 3\.0 s \(/],
    ['rejected credentials', new MongoServerError({ code: 18, errmsg: 'Authentication failed.' }), /^authentication/],
  ])('names %s in words', (_name, error, expected) => {
    expect(connectionFailureCause(error, 3000)).toMatch(expected);
  });
});

describe('the timeout in a "no answer" cause', () => {
  it.each([
    [2500, 'no answer within 2.5 s'],
    [5000, 'no answer within 5.0 s'],
    [60_000, 'no answer within 1 min 00 s'],
  ])('%i ms reads as the shared duration format', (timeoutMs, expected) => {
    expect(connectionFailureCause(new Error('Server selection timed out'), timeoutMs)).toMatch(
      new RegExp(`^${expected} `),
    );
  });
});

describe('unreachableDatabase', () => {
  it('says what was tried, from where, and why, without the credentials', () => {
    const error = unreachableDatabase(
      'mongodb://ops:s3cret@db1:27017,db2:27017/app?authSource=admin',
      'MONGODB_URI',
      networkError('connect ECONNREFUSED', 'ECONNREFUSED'),
      3000,
    );
    expect(error.message).toBe(
      'cannot reach MongoDB at db1:27017,db2:27017 (MONGODB_URI): connection refused (is the server running, and is the port right?)',
    );
    expect(error.name).toBe('DatabaseUnreachableError');
  });

  it('says "cannot log in" when the credentials were refused', () => {
    const error = unreachableDatabase(
      'mongodb://ops:s3cret@db1/app',
      'MONGODB_URI',
      new MongoServerError({ code: 18, errmsg: 'Authentication failed.' }),
      3000,
    );
    expect(error.message).toMatch(/^cannot log in to MongoDB at db1 \(MONGODB_URI\): authentication failed/);
  });
});

import { MongoError, MongoParseError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { ConfigurationError } from '#shared/core/config.ts';
import { formatDuration } from '#shared/format/figures.ts';
import { redactText } from '#shared/runtime/redact.ts';
import { mongoUriHosts } from './uri-hosts.ts';

/**
 * The database could not be used at all: what was tried (hosts, never credentials), where the address came from
 * (`MONGODB_URI`, the secret), and the cause in words. Its name is the error the state machine sees.
 */
export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
}

interface ErrorFacts {
  readonly codes: readonly string[];
  readonly messages: readonly string[];
}

/** The codes and messages of an error, its causes and, for a server selection failure, each server's last error. */
function collectFacts(error: unknown, facts: { codes: string[]; messages: string[] } = { codes: [], messages: [] }) {
  if (!(error instanceof Error) || facts.messages.length > 20) return facts;
  facts.messages.push(error.message);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') facts.codes.push(String(code));
  if (error instanceof MongoServerSelectionError) {
    for (const server of error.reason?.servers.values() ?? []) collectFacts(server.error, facts);
  }
  if (error.cause !== undefined) collectFacts(error.cause, facts);
  return facts;
}

/**
 * Network failures that waiting cannot cure: the host refused the port, or has no address. The driver still retries
 * them until its server selection timeout; a person at a terminal is better told at once.
 */
const definitiveCodes = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH'];

/** Whether `error` (or one of its causes) is a refused port, an unknown host or an unreachable network. */
export function isDefinitiveNetworkFailure(error: unknown): boolean {
  return collectFacts(error).codes.some((code) => definitiveCodes.includes(code));
}

const tlsCode = /^(ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|UNABLE_TO_(GET|VERIFY))/;

/** The cause in an operator's words: `connection refused`, `host not found`, `TLS handshake failed (...)`. */
export function connectionFailureCause(error: unknown, timeoutMs: number): string {
  const { codes, messages }: ErrorFacts = collectFacts(error);
  const text = messages.join('\n');
  const has = (code: string) => codes.includes(code);
  if (has('ECONNREFUSED')) return 'connection refused (is the server running, and is the port right?)';
  if (has('ENOTFOUND') || has('EAI_AGAIN')) return 'host not found (DNS lookup failed: check the host name)';
  if (has('EHOSTUNREACH') || has('ENETUNREACH')) return 'host unreachable (check the network and firewall)';
  const tls = codes.find((code) => tlsCode.test(code));
  if (tls !== undefined || /SSL routines|certificate/i.test(text))
    return `TLS handshake failed (${tls ?? 'TLS error'})`;
  if (has('18') || /Authentication failed/i.test(text)) return 'authentication failed (check the user and password)';
  if (has('ECONNRESET') || / closed$/m.test(text))
    return 'the connection was closed during the handshake (is it a MongoDB server, and does it expect TLS?)';
  if (has('ETIMEDOUT') || /timed out/i.test(text))
    return `no answer within ${formatDuration(timeoutMs)} (check the host, port and firewall)`;
  return redactText(messages[0] ?? 'unknown error');
}

/** Whether `error` says the database could not be reached or logged into (not a failed command). */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof MongoServerSelectionError) return true;
  if (error instanceof MongoServerError) return error.code === 18;
  return error instanceof MongoError && error.name === 'MongoNetworkError';
}

/**
 * `cannot reach MongoDB at mongodb://db1:27017 (MONGODB_URI): connection refused`.
 * @param source where the URI came from, as the operator would change it
 */
export function unreachableDatabase(uri: string, source: string, error: unknown, timeoutMs: number) {
  const cause = connectionFailureCause(error, timeoutMs);
  const verb = cause.startsWith('authentication failed') ? 'cannot log in to' : 'cannot reach';
  // Hosts without the scheme: reports and logs mask anything that looks like a connection string.
  const hosts = mongoUriHosts(uri).replace(/^mongodb(\+srv)?:\/\//, '');
  return new DatabaseUnreachableError(`${verb} MongoDB at ${hosts} (${source}): ${cause}`, {
    cause: error,
  });
}

/**
 * The URI as a configuration value: a string the driver cannot parse is a configuration error naming the
 * variable, with the driver's reason but never the value (it may carry a password).
 */
export function invalidMongoUri(source: string, error: unknown): ConfigurationError | null {
  // The URI parser has its own MongoParseError class (mongodb-connection-string-url): matched by name.
  // "Unable to parse host:notaport with URL" is a MongoRuntimeError.
  const parseErrors = [
    'MongoParseError',
    'MongoInvalidArgumentError',
    'MongoAPIError',
    'MongoRuntimeError',
    'TypeError',
  ];
  if (!(error instanceof MongoParseError) && !(error instanceof Error && parseErrors.includes(error.name))) return null;
  const reason = redactText(error.message).replace(/\.$/, '');
  return new ConfigurationError([
    `${source} is not accepted (value hidden, it may hold a password): ${reason}; expected a mongodb:// or mongodb+srv:// connection string (user, password, hosts, database, options)`,
  ]);
}

import { isDocument } from '#shared/core/bson-type.ts';

/** A session the lead does not have; the message lists the ones it has. */
export class SessionNotFoundError extends Error {
  override readonly name = 'SessionNotFoundError';
}

type Entry = Record<string, unknown>;

const sessionIdOf = (entry: unknown): string | null =>
  isDocument(entry) && typeof entry.sessionId === 'string' && entry.sessionId !== '' ? entry.sessionId : null;

/** Every session id the lead holds, current first, without repeats (the current one is also in history). */
export function availableSessionIds(lead: Entry): string[] {
  const history = Array.isArray(lead.sessionHistory) ? lead.sessionHistory : [];
  const ids = [sessionIdOf(lead.browserSession), ...history.map(sessionIdOf)].filter((id): id is string => id !== null);
  return [...new Set(ids)];
}

/**
 * The session to export: the one named `sessionId`, else the current one (contract: the session whose id is
 * `currentSessionId`, or `browserSession.sessionId`). `browserSession` wins over its history copy because it is
 * the one the app updates; among history copies the first wins, as the app's lookup finds it.
 * @throws SessionNotFoundError naming the available session ids.
 */
export function pickSession(lead: Entry, sessionId: string | null): Entry {
  const wanted =
    sessionId ??
    (typeof lead.currentSessionId === 'string' && lead.currentSessionId !== '' ? lead.currentSessionId : null) ??
    sessionIdOf(lead.browserSession);
  const available = availableSessionIds(lead);
  const listed = available.length === 0 ? 'it has no sessions' : `available: ${available.join(', ')}`;
  if (wanted === null)
    throw new SessionNotFoundError(`the lead has no current session (${listed}); pass --session <sessionId>`);
  if (isDocument(lead.browserSession) && sessionIdOf(lead.browserSession) === wanted) return lead.browserSession;
  const history = Array.isArray(lead.sessionHistory) ? lead.sessionHistory : [];
  const fromHistory = history.find((entry) => sessionIdOf(entry) === wanted);
  if (isDocument(fromHistory)) return fromHistory;
  throw new SessionNotFoundError(
    `${sessionId === null ? 'the current session' : 'session'} ${wanted} is not stored in the lead (${listed})`,
  );
}

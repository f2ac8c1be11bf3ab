import { describe, expect, it } from 'vitest';
import { availableSessionIds, pickSession, SessionNotFoundError } from '#local/cli/session/pick-session.ts';
import { lead, phantomBrowserSession, session } from '../../support/lead-fixtures.ts';

describe('pickSession', () => {
  const older = session('older', { ageDays: 5 });
  const current = session('current');

  it('picks the current session from browserSession, not its history copy', () => {
    const document = lead({ current, history: [older] });
    expect(pickSession(document, null)).toBe(document.browserSession);
  });

  it('picks a history session by id, the first copy when it is repeated', () => {
    const repeated = { ...older, localStorage: { copy: 'second' } };
    const document = lead({ current, history: [older, repeated] });
    expect(pickSession(document, older.sessionId as string)).toBe((document.sessionHistory as unknown[])[0]);
  });

  it('finds the current session in history when browserSession is a phantom', () => {
    const document = lead({
      history: [older],
      browserSession: phantomBrowserSession(),
      currentSessionId: older.sessionId,
    });
    expect(pickSession(document, null)).toBe((document.sessionHistory as unknown[])[0]);
  });

  it('lists the available sessions when the one asked for is missing', () => {
    const document = lead({ current, history: [older] });
    expect(availableSessionIds(document)).toEqual([current.sessionId, older.sessionId]);
    expect(() => pickSession(document, 'missing')).toThrow(SessionNotFoundError);
    expect(() => pickSession(document, 'missing')).toThrow(
      `session missing is not stored in the lead (available: ${String(current.sessionId)}, ${String(older.sessionId)})`,
    );
  });

  it('says when there is no current session, and when the current id names nothing stored', () => {
    expect(() => pickSession(lead({ history: [older], browserSession: phantomBrowserSession() }), null)).toThrow(
      `the lead has no current session (available: ${String(older.sessionId)}); pass --session <sessionId>`,
    );
    expect(() => pickSession(lead({ currentSessionId: 'gone' }), null)).toThrow(
      'the current session gone is not stored in the lead (it has no sessions)',
    );
  });
});

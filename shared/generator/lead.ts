import type { ObjectId } from 'bson';
import { userAgents, viewports } from './catalogue/browsers.ts';
import { sites } from './catalogue/sites.ts';
import { generateIdentity } from './identity.ts';
import { historyNotArray, insertOrphanedEntry, insertRepeatedEntry, phantomBrowserSession } from './lead-quirks.ts';
import { createObjectIdFactory, drawCounterStart, type ObjectIdFactory } from './object-ids.ts';
import type { ResolvedOptions } from './options.ts';
import { createRandom, type SeededRandom } from './random.ts';
import { applySessionQuirks } from './session-quirks.ts';
import {
  asBrowserSession,
  asHistoryEntry,
  draftSession,
  newSessionId,
  type SessionDraft,
  type SessionOwner,
} from './session.ts';
import { drawSessionCount, drawSessionTimes, drawSkewedCount, drawWindowTime, type SessionWindow } from './timeline.ts';
import { compressLikeWeeklyRun } from './weekly-compression.ts';

/** A lead document, ready for the driver's `insertMany`. */
export type GeneratedLead = Record<string, unknown> & { _id: ObjectId };

/** What every lead of one run shares: options, id factories, the back-office users. */
export interface LeadContext {
  readonly options: ResolvedOptions;
  readonly leadIds: ObjectIdFactory;
  /** Process bytes of the app instance that creates session subdocuments. */
  readonly subdocumentProcess: readonly number[];
  readonly agents: readonly ObjectId[];
  readonly admins: readonly ObjectId[];
  /** Average time between two leads' creation. */
  readonly leadSpacingMs: number;
}

const leadTypeMix = [
  ['ftd', 35],
  ['cold', 30],
  ['filler', 20],
  ['live', 15],
] as const;

const statusesByType: Readonly<Record<string, readonly string[]>> = {
  ftd: ['deposited', 'active', 'verified', 'withdrawal_requested'],
  live: ['contacted', 'interested', 'callback', 'deposited'],
  filler: ['new', 'contacted', 'no_answer'],
  cold: ['new', 'no_answer', 'not_interested', 'callback'],
};

/** Cookies per entry of a large history: automated re-injections carry few, which keeps the document far below 16 MB. */
const largeHistoryCookieCap = 10;

const sessionWindowOf = (options: ResolvedOptions): SessionWindow => ({
  nowMs: options.now.getTime(),
  days: options.sessionWindowDays,
});

function planSessions(
  lead: { base: SeededRandom; quirks: SeededRandom; ids: ObjectIdFactory; owner: SessionOwner; createdAtMs: number },
  context: LeadContext,
  count: number,
  cookieCap: number,
): SessionDraft[] {
  const { options } = context;
  const cookieRange = {
    min: options.cookiesPerSession.min,
    max: Math.max(options.cookiesPerSession.min, Math.min(options.cookiesPerSession.max, cookieCap)),
  };
  return drawSessionTimes(lead.base, count, lead.createdAtMs, sessionWindowOf(options)).map((times) => {
    const draft = draftSession({
      random: lead.base,
      ids: lead.ids,
      owner: lead.owner,
      ...times,
      cookieCount: drawSkewedCount(lead.base, cookieRange),
      agents: context.agents,
    });
    applySessionQuirks(draft, options.quirkRates, lead.quirks, lead.ids);
    return draft;
  });
}

function assignment(random: SeededRandom, context: LeadContext): Record<string, unknown> {
  const assigned = random.chance(0.6);
  const assignedTo = random.pick(context.agents);
  const hasCreator = random.chance(0.9);
  const createdBy = random.pick([...context.admins, ...context.agents]);
  return {
    isAssigned: assigned,
    ...(assigned ? { assignedTo } : {}),
    ...(hasCreator ? { createdBy } : {}),
  };
}

/**
 * Lead number `index` of the run. Each lead draws from two streams of its own: `base` for the realistic content and
 * `quirks` for the contract's quirks, so quirk rates never change a lead's names, sessions or cookies (except where
 * a quirk changes the structure itself: a large history, a lost current session).
 */
export function buildLead(context: LeadContext, index: number): GeneratedLead {
  const { options } = context;
  const rates = options.quirkRates;
  const nowMs = options.now.getTime();
  const base = createRandom(options.seed, 2 * index + 1);
  const quirks = createRandom(options.seed, 2 * index + 2);

  const createdAtMs =
    options.firstObjectIdTime.getTime() + Math.floor((index + 0.9 * base.next()) * context.leadSpacingMs);
  const _id = context.leadIds.withCounter(createdAtMs, index);
  const ids = createObjectIdFactory(context.subdocumentProcess, drawCounterStart(base));
  const leadType = base.weighted(leadTypeMix);
  const identity = generateIdentity(base);
  const status = base.pick(statusesByType[leadType] ?? ['new']);
  const people = assignment(base, context);
  const owner: SessionOwner = {
    accountId: base.hex(24),
    email: identity.email,
    firstName: identity.firstName,
    countryCode: identity.country.code,
    userAgent: base.weighted(userAgents),
    viewport: base.weighted(viewports),
    site: base.weighted(sites),
  };

  // Structural decisions: always drawn, in a fixed order, so every stream stays aligned whatever the rates.
  const normalCount = drawSessionCount(base, leadType, options.sessionsPerLead);
  const wantsCurrent = base.chance(0.8);
  const pointerWhenNone = base.chance(0.3);
  const versionBase = base.int(0, 2);
  const large = quirks.chance(rates.largeHistory);
  const largeCount = quirks.int(200, 400);
  const phantom = quirks.chance(rates.phantomBrowserSession);
  const empty = quirks.chance(rates.emptyBrowserSession) && !phantom;
  const dangling = quirks.chance(rates.danglingCurrentSessionId);
  const storedTwice = quirks.chance(rates.currentStoredTwice);
  const orphaned = quirks.chance(rates.orphanedHistoryEntry);
  const repeated = quirks.chance(rates.repeatedHistoryEntry);
  const brokenHistory = quirks.chance(rates.wrongTypes / 10);

  const count = large ? largeCount : normalCount;
  const leadState = { base, quirks, ids, owner, createdAtMs };
  const drafts = planSessions(leadState, context, count, large ? largeHistoryCookieCap : Number.POSITIVE_INFINITY);
  const hasCurrent = count > 0 && wantsCurrent && !phantom && !empty && !dangling;
  const current = hasCurrent ? (drafts.at(-1) ?? null) : null;

  const history = drafts
    .filter((draft) => draft !== current || storedTwice)
    .map((draft) => asHistoryEntry(draft, draft === current, ids));
  if (options.weeklyCompression !== null) {
    compressLikeWeeklyRun(history, current?.sessionId ?? null, nowMs, options.weeklyCompression);
  }
  if (orphaned) {
    const [stray] = planSessions({ ...leadState, base: quirks }, context, 1, Number.POSITIVE_INFINITY);
    if (stray) insertOrphanedEntry(history, asHistoryEntry(stray, false, ids), quirks);
  }
  if (repeated) insertRepeatedEntry(history, current?.sessionId ?? null, quirks, ids);

  const lastActivityMs = Math.max(
    createdAtMs,
    ...drafts.map((draft) => (draft.fields.lastAccessedAt as Date).getTime()),
  );
  const updatedAtMs = Math.min(nowMs, lastActivityMs + base.int(0, 3_600_000));

  let browserSession: Record<string, unknown> | undefined;
  if (current) browserSession = asBrowserSession(current);
  else if (phantom) browserSession = phantomBrowserSession(updatedAtMs);
  else if (empty) browserSession = {};

  let currentSessionId: string | null | undefined;
  if (current) currentSessionId = current.sessionId;
  else if (dangling) {
    currentSessionId = newSessionId(quirks, drawWindowTime(quirks, createdAtMs, sessionWindowOf(options)));
  } else currentSessionId = count > 0 || pointerWhenNone ? null : undefined;

  return {
    _id,
    leadType,
    firstName: identity.firstName,
    lastName: identity.lastName,
    email: identity.email,
    phone: identity.phone,
    country: identity.country.name,
    status,
    ...people,
    ...(browserSession === undefined ? {} : { browserSession }),
    sessionHistory: brokenHistory ? historyNotArray(history, quirks) : history,
    ...(currentSessionId === undefined ? {} : { currentSessionId }),
    createdAt: new Date(createdAtMs),
    updatedAt: new Date(updatedAtMs),
    __v: versionBase + Math.floor(history.length / 3),
  };
}

import { assertCodecChoice, defaultCodec } from '../core/codec/codec-choice.ts';
import { defaultSessionWindowDays } from './timeline.ts';
import type { WeeklyCompressionOptions } from './weekly-compression.ts';

/**
 * How often each stored-data quirk of the contract (section 2) appears: a probability in [0, 1], per lead or per
 * session as each field says. docs/generator.md maps every rate to its contract case.
 */
export interface QuirkRates {
  /** Case 1, per lead: a Mongoose default `browserSession` without `sessionId` and no current session. */
  phantomBrowserSession: number;
  /** Case 2, per lead: `browserSession: {}` and no current session. */
  emptyBrowserSession: number;
  /** Case 3, per lead with a current session: the current session also stored (same `sessionId`) in history. */
  currentStoredTwice: number;
  /** Case 4, per session: cookie `expires` stored as seconds read as milliseconds (1970 dates, -1 as 1969). */
  cookieExpirySecondsMisread: number;
  /** Case 5, per session: one wrong type or missing field; per lead (a tenth of the rate): `sessionHistory` not an array. */
  wrongTypes: number;
  /** Case 6, per session: cookies, localStorage and sessionStorage replaced by encrypted envelopes. */
  encryptedPayload: number;
  /** Case 7, per session: localStorage keys with dots or dollar signs (`a.b`, `$x`). */
  storageKeysWithDotsOrDollar: number;
  /** Case 8, per lead: 200-400 history entries. */
  largeHistory: number;
  /** Orphaned rule, per lead: a history entry without `sessionId`, or with `createdAt: null`. */
  orphanedHistoryEntry: number;
  /** Orphaned rule, per lead: `currentSessionId` names no stored session. */
  danglingCurrentSessionId: number;
  /** Optimisation, per session: cookies repeating the name, domain and path of an earlier cookie. */
  duplicateCookies: number;
  /** Optimisation, per lead: a non-current `sessionId` stored twice in history. */
  repeatedHistoryEntry: number;
}

/** Realistic small rates; storing the current session twice is the app's normal behaviour, hence high. */
export const defaultQuirkRates: Readonly<QuirkRates> = Object.freeze({
  phantomBrowserSession: 0.15,
  emptyBrowserSession: 0.03,
  currentStoredTwice: 0.9,
  cookieExpirySecondsMisread: 0.1,
  wrongTypes: 0.02,
  encryptedPayload: 0.02,
  storageKeysWithDotsOrDollar: 0.05,
  largeHistory: 0.003,
  orphanedHistoryEntry: 0.02,
  danglingCurrentSessionId: 0.02,
  duplicateCookies: 0.05,
  repeatedHistoryEntry: 0.02,
});

/** The app behaving normally: no quirk, the current session always stored twice. */
export const noQuirks: Readonly<QuirkRates> = Object.freeze({
  phantomBrowserSession: 0,
  emptyBrowserSession: 0,
  currentStoredTwice: 1,
  cookieExpirySecondsMisread: 0,
  wrongTypes: 0,
  encryptedPayload: 0,
  storageKeysWithDotsOrDollar: 0,
  largeHistory: 0,
  orphanedHistoryEntry: 0,
  danglingCurrentSessionId: 0,
  duplicateCookies: 0,
  repeatedHistoryEntry: 0,
});

/**
 * Rates of a well-run database: only the quirks the app keeps producing between two daily cleanups (a phantom on a
 * lead saved since the last one, a rare stray entry or broken field), never a large history.
 */
export const healthyQuirkRates: Readonly<QuirkRates> = Object.freeze({
  phantomBrowserSession: 0.01,
  emptyBrowserSession: 0.002,
  currentStoredTwice: 0.9,
  cookieExpirySecondsMisread: 0.1,
  wrongTypes: 0.001,
  encryptedPayload: 0.02,
  storageKeysWithDotsOrDollar: 0.05,
  largeHistory: 0,
  orphanedHistoryEntry: 0.002,
  danglingCurrentSessionId: 0.002,
  duplicateCookies: 0.05,
  repeatedHistoryEntry: 0.005,
});

/** An inclusive integer range. */
export interface CountRange {
  min: number;
  max: number;
}

export interface GeneratorOptions {
  /** Same seed and options, same documents (byte for byte). */
  seed: number;
  leadCount: number;
  /** Every date is relative to it; sessions are created between `now` - 60 days and `now`. */
  now: Date;
  /** Overrides of `defaultQuirkRates`; an unknown name is an error. */
  quirkRates?: Partial<QuirkRates>;
  /** Distinct sessions per lead, before `largeHistory` (default 0..15; about 35 % of leads get none when min is 0). */
  sessionsPerLead?: CountRange;
  /** Cookies per session, before duplicates (default 0..40). */
  cookiesPerSession?: CountRange;
  /** Timestamp of the first lead's `_id` (default `now` - 400 days); later leads are newer, up to `now`. */
  firstObjectIdTime?: Date;
  /** Sessions are created within this many days before `now` (default 60: past the 30-day expiry). */
  sessionWindowDays?: number;
  /** History copies the weekly job has compressed (default null: none compressed). */
  weeklyCompression?: WeeklyCompressionOptions | null;
}

/** Options that together describe a kind of database, to spread into `GeneratorOptions`. */
export interface GeneratorProfile {
  readonly quirkRates: Readonly<QuirkRates>;
  readonly sessionsPerLead: Readonly<CountRange>;
  readonly sessionWindowDays: number;
  readonly weeklyCompression: WeeklyCompressionOptions;
}

/**
 * A healthy database of the default policy: the daily cleanup removed every session past the 30-day expiry, the
 * weekly job compressed what was old enough at its last run six days ago (the latest a Sunday run can be when the
 * monthly job runs on the 1st), no lead holds more than the 10 sessions of `maxSessionsPerLead`, and quirks stay at
 * `healthyQuirkRates`. Every recommendation rule stays silent on it, at any size (test/unit/analytics).
 */
export const healthyProfile: GeneratorProfile = Object.freeze({
  quirkRates: healthyQuirkRates,
  sessionsPerLead: { min: 0, max: 10 },
  sessionWindowDays: 30,
  weeklyCompression: { afterDays: 7, lastRunDaysAgo: 6, codec: defaultCodec },
});

/** Options with every default applied and every value checked. */
export interface ResolvedOptions {
  readonly seed: number;
  readonly leadCount: number;
  readonly now: Date;
  readonly quirkRates: Readonly<QuirkRates>;
  readonly sessionsPerLead: Readonly<CountRange>;
  readonly cookiesPerSession: Readonly<CountRange>;
  readonly firstObjectIdTime: Date;
  readonly sessionWindowDays: number;
  readonly weeklyCompression: WeeklyCompressionOptions | null;
}

const dayMs = 86_400_000;
const optionNames = new Set([
  'seed',
  'leadCount',
  'now',
  'quirkRates',
  'sessionsPerLead',
  'cookiesPerSession',
  'firstObjectIdTime',
  'sessionWindowDays',
  'weeklyCompression',
]);

function checkDate(value: unknown, name: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new TypeError(`${name} must be a valid Date`);
  return value;
}

function checkRange(value: CountRange | undefined, fallback: CountRange, name: string): CountRange {
  const range = value ?? fallback;
  const { min, max } = range;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || min > max) {
    throw new RangeError(`${name} must be whole numbers with 0 <= min <= max, got ${JSON.stringify(range)}`);
  }
  return { min, max };
}

function checkQuirkRates(overrides: Partial<QuirkRates> | undefined): QuirkRates {
  const rates: QuirkRates = { ...defaultQuirkRates };
  for (const [name, rate] of Object.entries(overrides ?? {})) {
    if (!(name in defaultQuirkRates)) throw new RangeError(`quirkRates.${name} is not a known quirk`);
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw new RangeError(`quirkRates.${name} must be a probability in [0, 1], got ${String(rate)}`);
    }
    rates[name as keyof QuirkRates] = rate;
  }
  return rates;
}

function checkDays(value: number | undefined, fallback: number, name: string): number {
  const days = value ?? fallback;
  if (!Number.isFinite(days) || days <= 0) throw new RangeError(`${name} must be a number of days > 0, got ${days}`);
  return days;
}

function checkWeeklyCompression(value: WeeklyCompressionOptions | null | undefined): WeeklyCompressionOptions | null {
  if (value === null || value === undefined) return null;
  const { afterDays, lastRunDaysAgo, codec } = value;
  if (!Number.isFinite(afterDays) || afterDays < 0 || !Number.isFinite(lastRunDaysAgo) || lastRunDaysAgo < 0) {
    throw new RangeError(
      `weeklyCompression days must be numbers >= 0, got ${JSON.stringify({ afterDays, lastRunDaysAgo })}`,
    );
  }
  assertCodecChoice(codec);
  return { afterDays, lastRunDaysAgo, codec };
}

/** Applies the defaults and rejects anything malformed or unknown, naming the option. */
export function resolveOptions(options: GeneratorOptions): ResolvedOptions {
  for (const name of Object.keys(options)) {
    if (!optionNames.has(name)) throw new RangeError(`unknown generator option "${name}"`);
  }
  if (!Number.isFinite(options.seed)) throw new RangeError(`seed must be a finite number, got ${options.seed}`);
  if (!Number.isSafeInteger(options.leadCount) || options.leadCount < 0) {
    throw new RangeError(`leadCount must be a whole number >= 0, got ${options.leadCount}`);
  }
  const now = checkDate(options.now, 'now');
  const firstObjectIdTime = checkDate(
    options.firstObjectIdTime ?? new Date(now.getTime() - 400 * dayMs),
    'firstObjectIdTime',
  );
  if (firstObjectIdTime.getTime() > now.getTime()) throw new RangeError('firstObjectIdTime must not be after now');
  return {
    seed: options.seed,
    leadCount: options.leadCount,
    now,
    quirkRates: Object.freeze(checkQuirkRates(options.quirkRates)),
    sessionsPerLead: checkRange(options.sessionsPerLead, { min: 0, max: 15 }, 'sessionsPerLead'),
    cookiesPerSession: checkRange(options.cookiesPerSession, { min: 0, max: 40 }, 'cookiesPerSession'),
    firstObjectIdTime,
    sessionWindowDays: checkDays(options.sessionWindowDays, defaultSessionWindowDays, 'sessionWindowDays'),
    weeklyCompression: checkWeeklyCompression(options.weeklyCompression),
  };
}

import type { CountRange } from './options.ts';
import type { SeededRandom } from './random.ts';

export const dayMs = 86_400_000;
/**
 * By default sessions are created within this many days before `now`: past both expiry (30 d) and compression
 * (7 d), as in a database the daily job has not cleaned yet.
 */
export const defaultSessionWindowDays = 60;

/** Share of leads of each type that never had a session (ftd leads are the ones sessions are injected for). */
const noSessionShare: Readonly<Record<string, number>> = { ftd: 0.15, live: 0.3, filler: 0.45, cold: 0.6 };

/**
 * How many distinct sessions a lead has. With `min` 0, about 35 % of leads (by the type mix) get none; the others
 * get `max(min, 1)..max`, skewed towards few so that long histories (over the limit of 10) are a minority.
 */
export function drawSessionCount(random: SeededRandom, leadType: string, range: CountRange): number {
  const none = random.chance(noSessionShare[leadType] ?? 0.35);
  const spread = random.next();
  if (range.max === 0 || (none && range.min === 0)) return range.min;
  const low = Math.max(range.min, 1);
  return low + Math.floor((range.max - low + 1) * spread ** 1.6);
}

/** A count in `range`, skewed towards the low end (most sessions are small, some reach 30+ cookies). */
export function drawSkewedCount(random: SeededRandom, range: CountRange): number {
  return range.min + Math.floor((range.max - range.min + 1) * random.next() ** 1.3);
}

/** The days before `now` sessions are created in, and `now` itself. */
export interface SessionWindow {
  readonly nowMs: number;
  readonly days: number;
}

/** A time in the session window, never before the lead existed (for sessions, pointers and stray entries). */
export function drawWindowTime(random: SeededRandom, leadCreatedAtMs: number, window: SessionWindow): number {
  const { nowMs } = window;
  const startMs = Math.min(Math.max(leadCreatedAtMs, nowMs - window.days * dayMs), nowMs);
  return startMs + Math.floor(random.next() * (nowMs - startMs));
}

export interface SessionTimes {
  readonly createdAtMs: number;
  readonly lastAccessedAtMs: number;
}

/**
 * Creation times spread uniformly over the window (never before the lead existed), oldest first as the app pushes
 * them, and last access times between creation and the next session (or `now` for the newest one).
 */
export function drawSessionTimes(
  random: SeededRandom,
  count: number,
  leadCreatedAtMs: number,
  window: SessionWindow,
): SessionTimes[] {
  const { nowMs } = window;
  const created = Array.from({ length: count }, () => drawWindowTime(random, leadCreatedAtMs, window));
  created.sort((a, b) => a - b);
  return created.map((createdAtMs, index) => {
    const untilMs = created[index + 1] ?? nowMs;
    const newest = index === count - 1;
    const spanMs = newest ? untilMs - createdAtMs : Math.min(untilMs - createdAtMs, 5 * dayMs);
    return { createdAtMs, lastAccessedAtMs: createdAtMs + Math.floor(random.next() * spanMs) };
  });
}

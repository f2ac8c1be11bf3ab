import { planCompression } from '../core/codec/session-codec.ts';
import type { CodecChoice } from '../core/codec/codec-choice.ts';
import { isValidDate } from '../core/bson-type.ts';
import { digestEntry } from '../core/session-digest.ts';
import { invalidKindOf } from '../core/session-model.ts';

const dayMs = 86_400_000;

/** The state the weekly job leaves behind: which history copies it has compressed, and with what. */
export interface WeeklyCompressionOptions {
  /** The policy's `compressionAfterDays`: sessions older than this at the last weekly run were compressed. */
  readonly afterDays: number;
  /** Days since the last weekly run (0-6 on a weekly schedule); newer sessions wait for the next one. */
  readonly lastRunDaysAgo: number;
  /** The codec the weekly job used (the project's default codec in the healthy profile). */
  readonly codec: CodecChoice;
}

/**
 * Compresses, in place, the history copies the weekly job would have compressed at its last run: not the current
 * session, valid (a restorable payload and a `createdAt` date), created more than `afterDays` before that run, and
 * only when it saves space. The real codec and the real planner decide, so sizes and ratios are genuine.
 */
export function compressLikeWeeklyRun(
  history: Record<string, unknown>[],
  currentSessionId: string | null,
  nowMs: number,
  options: WeeklyCompressionOptions,
): void {
  const lastRunMs = nowMs - options.lastRunDaysAgo * dayMs;
  const cutoffMs = lastRunMs - options.afterDays * dayMs;
  const compressedAt = new Date(lastRunMs);
  for (const entry of history) {
    const createdAt = entry.createdAt;
    if (entry.sessionId === currentSessionId || !isValidDate(createdAt) || createdAt.getTime() >= cutoffMs) continue;
    if (invalidKindOf(digestEntry(entry)) !== null) continue;
    const plan = planCompression(entry, { compressedAt, codec: options.codec });
    if (!plan.compress) continue;
    // The payload fields (`payloadFieldNames`), replaced by the blob as the weekly job's update does.
    delete entry.cookies;
    delete entry.localStorage;
    delete entry.sessionStorage;
    entry.compressedPayload = plan.compressed;
  }
}

import { formatCount } from '#shared/format/figures.ts';
import type { RestoreResult } from '#shared/jobs/restore.ts';

const dailyReasons = [
  ['expired', 'expired'],
  ['orphaned', 'orphaned'],
  ['overLimit', 'over limit'],
  ['invalid', 'invalid'],
] as const;

/** Weekly changes in the words the weekly run's summary uses for what it did. */
const weeklyLines = [
  ['compress', 'sessions decompressed (compressed by the run)'],
  ['optimize', 'sessions with their removed cookies put back'],
  ['deduplicate', 'repeated entries restored'],
] as const;

/**
 * What a restore put back, in the units of the run it undoes: a daily run said "sessions removed: 2,115 (expired
 * 1,980, ...)", so its restore says "sessions restored: 2,115 (expired 1,980, ...)".
 */
export function describeRestore(runId: string, result: RestoreResult): string {
  const byReason = result.restoredByReason;
  const parts: string[] = [];
  if (runId.startsWith('daily-')) {
    const sessions = dailyReasons.reduce((sum, [reason]) => sum + (byReason[reason]?.sessions ?? 0), 0);
    const breakdown = dailyReasons.map(([reason, label]) => `${label} ${formatCount(byReason[reason]?.sessions ?? 0)}`);
    parts.push(`sessions restored: ${formatCount(sessions)} (${breakdown.join(', ')})`);
    const others = Object.values(byReason).reduce((sum, tally) => sum + tally.otherItems, 0);
    parts.push(`entries and pointers without a session restored: ${formatCount(others)}`);
  } else {
    for (const [reason, label] of weeklyLines) {
      const tally = byReason[reason];
      parts.push(`${label}: ${formatCount((tally?.sessions ?? 0) + (tally?.otherItems ?? 0))}`);
    }
  }
  parts.push(`already present: ${formatCount(result.alreadyPresent)} (not duplicated)`);
  return `restored from run ${runId}: ${parts.join('; ')}\n`;
}

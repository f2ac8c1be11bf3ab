import { formatMilliseconds } from '#shared/format/figures.ts';
import type { AnalyticsFigures } from './figures.ts';
import { largeSessionBytes } from './lead-statistics.ts';
import { monthlyGrowth, type TrendTable } from './month-over-month.ts';
import { bytes, count, millisecondsAgainst, numberAgainst, percentAgainst, ratioAgainst } from './quote-figures.ts';
import type { Recommendation, RecommendationRuleName } from './recommendations.ts';
import type { RecommendationThresholds } from './thresholds.ts';

/**
 * A rule: the recommendation when its figure is past its threshold, else null. Every figure a rule compares scales
 * with the database (a share, a figure per lead, a ratio, a month-over-month growth), never an absolute total. Only
 * the growth rule reads `trends` (null without a previous month's report).
 */
export type RecommendationRule = (
  figures: AnalyticsFigures,
  thresholds: RecommendationThresholds,
  trends?: TrendTable | null,
) => Recommendation | null;

const lowUtilization: RecommendationRule = ({ usage, summary }, { minUtilizationRate }) => {
  const rate = usage.sessionUtilizationRate;
  if (rate === null || !(rate < minUtilizationRate)) return null;
  const quoted = percentAgainst(rate, minUtilizationRate);
  return {
    type: 'utilization',
    priority: 'medium',
    title: 'Low session utilization',
    description: `Only ${quoted.value} of leads with sessions have an active session (${count(usage.leadsWithActiveSession)} of ${count(summary.leadsWithSessions)}); the threshold is ${quoted.threshold}.`,
    action: 'Review how agents create and reuse sessions: stored sessions nobody activates may not be needed.',
  };
};

const lowRecentAccess: RecommendationRule = ({ usage }, { minRecentAccessRate }) => {
  const rate = usage.recentAccessRate;
  if (rate === null || !(rate < minRecentAccessRate)) return null;
  const quoted = percentAgainst(rate, minRecentAccessRate);
  return {
    type: 'utilization',
    priority: 'medium',
    title: 'Low recent session activity',
    description: `Only ${quoted.value} of leads with an active session were accessed in the last 7 days (${count(usage.leadsWithActiveSessionAccessedLast7Days)} of ${count(usage.leadsWithActiveSession)}); the threshold is ${quoted.threshold}.`,
    action: 'Review the agents’ workflow; sessions kept active but not used can be deactivated in the app.',
  };
};

const activeSessionsUnused: RecommendationRule = ({ usage, summary }, { maxUnusedActiveRate }) => {
  const rate = usage.unusedActiveRate;
  if (rate === null || !(rate > maxUnusedActiveRate)) return null;
  const quoted = percentAgainst(rate, maxUnusedActiveRate);
  return {
    type: 'utilization',
    priority: 'low',
    title: 'Active sessions unused for weeks',
    description: `${count(usage.activeSessionsUnusedFor14Days)} of ${count(summary.activeSessions)} active sessions (${quoted.value}) have not been accessed for 14 days or more; the threshold is ${quoted.threshold}.`,
    action: 'Deactivate sessions agents no longer use, or shorten SESSION_EXPIRY_DAYS so they expire sooner.',
  };
};

const poorHealth: RecommendationRule = ({ health, summary }, { minHealthScore }) => {
  const score = health.sessionHealthScore;
  if (score === null || !(score < minHealthScore)) return null;
  const quoted = percentAgainst(score, minHealthScore);
  return {
    type: 'health',
    priority: 'high',
    title: 'Poor session health',
    description: `The session health score is ${quoted.value}: ${count(health.validUnexpiredSessions)} of ${count(summary.totalSessions)} sessions are valid and unexpired (${count(health.expiredSessions)} expired, ${count(health.invalidSessions)} invalid); the threshold is ${quoted.threshold}.`,
    action: 'Check that the daily cleanup is enabled and succeeding, then look at the invalid and orphaned counts.',
  };
};

const sessionsExpiringSoon: RecommendationRule = ({ health, usage }, { maxActiveExpiringSoonRate }) => {
  const rate = health.activeExpiringSoonRate;
  if (rate === null || !(rate > maxActiveExpiringSoonRate)) return null;
  const quoted = percentAgainst(rate, maxActiveExpiringSoonRate);
  return {
    type: 'health',
    priority: 'medium',
    title: 'Sessions expiring soon',
    description: `${quoted.value} of leads with an active session have it expiring within 7 days (${count(health.leadsWithActiveSessionExpiringWithin7Days)} of ${count(usage.leadsWithActiveSession)}); the threshold is ${quoted.threshold}.`,
    action: 'Tell the agents: sessions they still need must be refreshed (captured again) before they expire.',
  };
};

const integrityProblems: RecommendationRule = ({ health, summary }, { maxIntegrityProblemLeadRate }) => {
  const rate = health.integrityProblemLeadRate;
  if (rate === null || !(rate > maxIntegrityProblemLeadRate)) return null;
  const quoted = percentAgainst(rate, maxIntegrityProblemLeadRate);
  const shapes = health.historyNotArray + health.historyEntriesNotDocument + health.browserSessionNotDocument;
  return {
    type: 'health',
    priority: health.invalidSessions > 0 ? 'high' : 'medium',
    title: 'Integrity problems found',
    description: `${quoted.value} of leads have an integrity problem (${count(health.leadsWithIntegrityProblems)} of ${count(summary.totalLeads)}); the threshold is ${quoted.threshold}. In all ${count(health.integrityProblems)} problems: ${count(health.invalidSessions)} invalid sessions, ${count(health.orphanedTotal)} orphaned entries or pointers (${count(health.phantomBrowserSessions)} phantom browserSession), ${count(shapes)} malformed history or browserSession fields.`,
    action:
      'The daily cleanup removes invalid and orphaned data (archived first); if it keeps coming back, fix the app code path that writes it.',
  };
};

const highExpirationRate: RecommendationRule = ({ health, summary }, { maxExpirationRate }) => {
  const rate = health.expirationRate;
  if (rate === null || !(rate > maxExpirationRate)) return null;
  const quoted = percentAgainst(rate, maxExpirationRate);
  return {
    type: 'health',
    priority: 'medium',
    title: 'Many expired sessions still stored',
    description: `${quoted.value} of sessions are expired (${count(health.expiredSessions)} of ${count(summary.totalSessions)}); the threshold is ${quoted.threshold}.`,
    action:
      'Shorten the cleanup interval: check that the daily cleanup is scheduled, enabled (SESSION_CLEANUP_ENABLED) and succeeding.',
  };
};

const manySessions: RecommendationRule = ({ summary, storage }, { maxAverageSessionsPerLead }) => {
  const average = summary.averageSessionsPerLead;
  if (average === null || !(average > maxAverageSessionsPerLead)) return null;
  const quoted = numberAgainst(average, maxAverageSessionsPerLead);
  return {
    type: 'performance',
    priority: 'low',
    title: 'Many sessions per lead',
    description: `Leads with sessions hold ${quoted.value} sessions on average (${count(summary.totalSessions)} sessions in ${count(summary.leadsWithSessions)} leads, ${bytes(storage.totalSessionBytes)}); the threshold is ${quoted.threshold}.`,
    action:
      'Consider a lower MAX_SESSIONS_PER_LEAD or SESSION_EXPIRY_DAYS, and check that the weekly compression runs.',
  };
};

const bytesPerLeadGrowth: RecommendationRule = (_figures, { maxMonthlyGrowthBytesPerLead }, trends = null) => {
  const trend = trends?.storedBytesPerLeadWithSessions;
  const growth = monthlyGrowth(trend);
  if (trend === undefined || growth === null || !(growth > maxMonthlyGrowthBytesPerLead)) return null;
  const quoted = percentAgainst(growth, maxMonthlyGrowthBytesPerLead);
  return {
    type: 'performance',
    priority: 'medium',
    title: 'Session data per lead growing fast',
    description: `Leads with sessions store ${bytes(trend.current)} of session data each, ${quoted.value} more than the previous month’s ${bytes(trend.previous)}; the threshold is ${quoted.threshold} a month.`,
    action:
      'Find what the app now stores per lead (more sessions, new cookies or storage keys); check that the daily cleanup and weekly compression run. A lead document cannot exceed 16 MiB.',
  };
};

const sessionsWorthCompressing: RecommendationRule = ({ storage }, { maxCompressionCandidateShare }) => {
  const share = storage.compressionCandidateShare;
  if (share === null || !(share > maxCompressionCandidateShare)) return null;
  const quoted = percentAgainst(share, maxCompressionCandidateShare);
  return {
    type: 'performance',
    priority: 'medium',
    title: 'Large or old sessions worth compressing',
    description: `${count(storage.compressionCandidates)} uncompressed history sessions (${quoted.value} of sessions, ${bytes(storage.compressionCandidateBytes)}) are older than the compression age or over ${bytes(largeSessionBytes)}; the threshold is ${quoted.threshold}.`,
    action:
      'Check that the weekly maintenance runs and succeeds; lower COMPRESSION_AFTER_DAYS if large sessions stay young.',
  };
};

const lowCompressionRatio: RecommendationRule = ({ storage }, { minCompressionRatio }) => {
  const ratio = storage.compressionRatio;
  if (ratio === null || !(ratio < minCompressionRatio)) return null;
  const quoted = ratioAgainst(ratio, minCompressionRatio);
  return {
    type: 'performance',
    priority: 'low',
    title: 'Low compression ratio',
    description: `Compressed sessions shrank only ${quoted.value} (${bytes(storage.compressedOriginalBytes)} to ${bytes(storage.compressedStoredBytes)}); the threshold is ${quoted.threshold}.`,
    action: 'Measure the codecs on current data and choose a stronger default codec or level.',
  };
};

const missingIndexes: RecommendationRule = ({ performance, summary }, { maxMissingIndexes }) => {
  const missing = performance.indexes.missing;
  // Without leads an index costs nothing and the collection may not even exist yet.
  if (summary.totalLeads === 0 || !(missing.length > maxMissingIndexes)) return null;
  return {
    type: 'performance',
    priority: 'high',
    title: 'Expected indexes missing',
    description: `${count(missing.length)} of ${count(performance.indexes.expected.length)} expected indexes are missing on leads: ${missing.join(', ')}; the threshold is ${count(maxMissingIndexes)}.`,
    action: 'Create them: the app declares them, but Mongoose autoIndex may be off in production.',
  };
};

const slowBatchReads: RecommendationRule = ({ performance, summary }, { maxReadLatencyP95Ms }) => {
  const p95 = performance.readLatencyMs.p95;
  if (summary.totalLeads === 0 || p95 === null || !(p95 > maxReadLatencyP95Ms)) return null;
  const quoted = millisecondsAgainst(p95, maxReadLatencyP95Ms);
  return {
    type: 'performance',
    priority: 'medium',
    title: 'Slow batch reads',
    description: `The 95th percentile of batch read latency is ${quoted.value} over ${count(performance.readLatencyMs.batches)} batches (slowest ${formatMilliseconds(performance.readLatencyMs.max ?? p95)}); the threshold is ${quoted.threshold}.`,
    action: 'Lower the batch size, check the indexes, or move the job window away from the database’s busy hours.',
  };
};

/** Every rule by name, in report order within a priority: utilization, health, performance. */
export const recommendationRules: Readonly<Record<RecommendationRuleName, RecommendationRule>> = {
  'low-utilization': lowUtilization,
  'low-recent-access': lowRecentAccess,
  'active-sessions-unused': activeSessionsUnused,
  'poor-health': poorHealth,
  'sessions-expiring-soon': sessionsExpiringSoon,
  'integrity-problems': integrityProblems,
  'high-expiration-rate': highExpirationRate,
  'many-sessions': manySessions,
  'bytes-per-lead-growth': bytesPerLeadGrowth,
  'sessions-worth-compressing': sessionsWorthCompressing,
  'low-compression-ratio': lowCompressionRatio,
  'missing-indexes': missingIndexes,
  'slow-batch-reads': slowBatchReads,
};

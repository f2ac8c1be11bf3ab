import type { AnalyticsFigures } from './figures.ts';

export interface Recommendation {
  readonly type: 'utilization' | 'health' | 'performance';
  readonly priority: 'high' | 'medium' | 'low';
  readonly title: string;
  readonly description: string;
  readonly action: string;
}

/** Every threshold a recommendation uses (the original system's five first), configurable per run. */
export interface RecommendationThresholds {
  readonly minUtilizationRate: number;
  readonly minHealthScore: number;
  readonly maxLeadsExpiringSoon: number;
  readonly maxTotalSessions: number;
  readonly minRecentAccessShareOfActive: number;
  readonly maxActiveUnusedFor14Days: number;
  readonly maxIntegrityProblems: number;
  readonly maxExpirationRate: number;
  readonly maxUncompressedOldSessions: number;
  readonly minCompressionRatio: number;
  readonly maxReadLatencyP95Ms: number;
}

export const defaultThresholds: RecommendationThresholds = {
  minUtilizationRate: 0.5,
  minHealthScore: 0.7,
  maxLeadsExpiringSoon: 10,
  maxTotalSessions: 1000,
  minRecentAccessShareOfActive: 0.3,
  maxActiveUnusedFor14Days: 0,
  maxIntegrityProblems: 0,
  maxExpirationRate: 0.2,
  maxUncompressedOldSessions: 100,
  minCompressionRatio: 2,
  maxReadLatencyP95Ms: 1000,
};

const pct = (value: number): string => `${(value * 100).toFixed(1)} %`;

/**
 * The recommendations for a month's figures. Every rule needs data to fire (a rate with no denominator is null and
 * fires nothing), so an empty database gets none.
 */
export function recommend(figures: AnalyticsFigures, thresholds: RecommendationThresholds): Recommendation[] {
  const list: Recommendation[] = [];
  const { usage, health, storage, performance, summary } = figures;
  if (usage.sessionUtilizationRate !== null && usage.sessionUtilizationRate < thresholds.minUtilizationRate) {
    list.push({
      type: 'utilization',
      priority: 'medium',
      title: 'Low session utilization',
      description: `Only ${pct(usage.sessionUtilizationRate)} of leads with sessions have an active session (threshold ${pct(thresholds.minUtilizationRate)}).`,
      action: 'Review why agents do not reuse stored sessions, and whether inactive sessions should be cleaned sooner.',
    });
  }
  if (
    usage.recentAccessShareOfActive !== null &&
    usage.recentAccessShareOfActive < thresholds.minRecentAccessShareOfActive
  ) {
    list.push({
      type: 'utilization',
      priority: 'low',
      title: 'Active sessions rarely accessed',
      description: `${usage.leadsAccessedLast7Days} leads were accessed in the last 7 days: ${pct(usage.recentAccessShareOfActive)} of the ${usage.leadsWithActiveSession} with an active session (threshold ${pct(thresholds.minRecentAccessShareOfActive)}).`,
      action: 'Check the agents\u2019 workflow: sessions are kept active but not used.',
    });
  }
  if (usage.activeSessionsUnusedFor14Days > thresholds.maxActiveUnusedFor14Days) {
    list.push({
      type: 'utilization',
      priority: 'low',
      title: 'Active sessions unused for weeks',
      description: `${usage.activeSessionsUnusedFor14Days} active sessions have not been accessed for 14 days or more.`,
      action: 'Mark them inactive in the app, or shorten SESSION_EXPIRY_DAYS.',
    });
  }
  if (health.sessionHealthScore !== null && health.sessionHealthScore < thresholds.minHealthScore) {
    list.push({
      type: 'health',
      priority: 'high',
      title: 'Poor session health',
      description: `Only ${pct(health.sessionHealthScore)} of sessions are valid and unexpired (threshold ${pct(thresholds.minHealthScore)}).`,
      action:
        'Run the daily cleanup (check that it is enabled and succeeding) and look at the invalid and orphaned counts.',
    });
  }
  if (health.leadsWithSessionsExpiringWithin7Days > thresholds.maxLeadsExpiringSoon) {
    list.push({
      type: 'health',
      priority: 'medium',
      title: 'Sessions expiring soon',
      description: `${health.leadsWithSessionsExpiringWithin7Days} leads have sessions that expire within 7 days (threshold ${thresholds.maxLeadsExpiringSoon}).`,
      action: 'Refresh the sessions agents still need before they expire.',
    });
  }
  if (health.integrityProblems > thresholds.maxIntegrityProblems) {
    list.push({
      type: 'health',
      priority: 'medium',
      title: 'Integrity problems found',
      description: `${health.invalidSessions} invalid sessions, ${health.orphanedTotal} orphaned entries or pointers (${health.phantomBrowserSessions} phantom current sessions) were found.`,
      action:
        'The daily cleanup removes them (with an archive); if they keep coming back, fix the code path that writes them.',
    });
  }
  if (health.expirationRate !== null && health.expirationRate > thresholds.maxExpirationRate) {
    list.push({
      type: 'health',
      priority: 'medium',
      title: 'Many expired sessions kept',
      description: `${pct(health.expirationRate)} of sessions are expired (threshold ${pct(thresholds.maxExpirationRate)}).`,
      action: 'Run the cleanup more often, or check that scheduled daily runs succeed.',
    });
  }
  if (summary.totalSessions > thresholds.maxTotalSessions) {
    list.push({
      type: 'performance',
      priority: 'low',
      title: 'Large number of stored sessions',
      description: `${summary.totalSessions} sessions are stored (threshold ${thresholds.maxTotalSessions}).`,
      action: 'Consider a lower MAX_SESSIONS_PER_LEAD or a shorter SESSION_EXPIRY_DAYS.',
    });
  }
  if (storage.uncompressedOldSessions > thresholds.maxUncompressedOldSessions || storage.sessionsOver50KB > 0) {
    list.push({
      type: 'performance',
      priority: 'medium',
      title: 'Large sessions worth compressing',
      description: `${storage.uncompressedOldSessions} history sessions older than the compression age are uncompressed; ${storage.sessionsOver50KB} sessions exceed 50 KB.`,
      action: 'Check that the weekly maintenance runs and succeeds.',
    });
  }
  if (storage.compressionRatio !== null && storage.compressionRatio < thresholds.minCompressionRatio) {
    list.push({
      type: 'performance',
      priority: 'low',
      title: 'Low compression ratio',
      description: `Compressed sessions are only ${storage.compressionRatio.toFixed(2)} times smaller (threshold ${thresholds.minCompressionRatio}).`,
      action: 'Measure the codecs on current data (npm run bench) and change the default codec.',
    });
  }
  if (performance.indexes.missing.length > 0) {
    list.push({
      type: 'performance',
      priority: 'high',
      title: 'Expected indexes missing',
      description: `The leads collection lacks indexes on ${performance.indexes.missing.join(', ')}.`,
      action: 'Create them (the app declares them; Mongoose autoIndex may be off in production).',
    });
  }
  if (performance.readLatencyMs.p95 !== null && performance.readLatencyMs.p95 > thresholds.maxReadLatencyP95Ms) {
    list.push({
      type: 'performance',
      priority: 'medium',
      title: 'Slow batch reads',
      description: `95 % of batch reads took up to ${Math.round(performance.readLatencyMs.p95)} ms (threshold ${thresholds.maxReadLatencyP95Ms} ms).`,
      action: 'Lower BATCH_SIZE or check the database load during the job window.',
    });
  }
  return list;
}

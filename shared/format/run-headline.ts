import { formatBytes, formatCount, formatPercent } from './figures.ts';

type Headline = Readonly<Record<string, unknown>>;

const countOf = (headline: Headline, name: string): string => {
  const value = headline[name];
  return typeof value === 'number' ? formatCount(value) : 'n/a';
};
const rateOf = (headline: Headline, name: string): string => {
  const value = headline[name];
  return typeof value === 'number' ? formatPercent(value) : 'n/a';
};
const bytesOf = (headline: Headline, name: string): string => {
  const value = headline[name];
  return typeof value === 'number' ? formatBytes(value) : 'n/a';
};

/**
 * A run summary's headline (`headlineOf` in shared/jobs/run-report.ts) in words, the same for `run`, `status` and the
 * demo: `leads scanned: 2,000; sessions removed: 2,115 (expired 1,980, ...)`. A headline of an unknown shape (an
 * older version's, or an execution's error) is shown field by field, still with formatted numbers.
 */
export function describeHeadline(job: string | null, headline: Headline, dryRun: boolean): string {
  const verb = dryRun ? 'to remove' : 'removed';
  if (job === 'daily' && 'sessionsRemoved' in headline) {
    return (
      `leads scanned: ${countOf(headline, 'leadsScanned')}; sessions ${verb}: ${countOf(headline, 'sessionsRemoved')} ` +
      `(expired ${countOf(headline, 'expired')}, orphaned ${countOf(headline, 'orphaned')}, ` +
      `over limit ${countOf(headline, 'overLimit')}, invalid ${countOf(headline, 'invalid')})`
    );
  }
  if (job === 'weekly' && 'sessionsCompressed' in headline) {
    return (
      `leads scanned: ${countOf(headline, 'leadsScanned')}; sessions ${dryRun ? 'to compress' : 'compressed'}: ` +
      `${countOf(headline, 'sessionsCompressed')}; repeated entries ${verb}: ${countOf(headline, 'historyEntriesDeduplicated')}; ` +
      `cookies ${verb}: ${countOf(headline, 'cookiesRemoved')}; bytes ${dryRun ? 'to save' : 'saved'}: ${bytesOf(headline, 'bytesSaved')}`
    );
  }
  if (job === 'monthly' && 'totalSessions' in headline) {
    return (
      `sessions: ${countOf(headline, 'totalSessions')}; health score: ${rateOf(headline, 'sessionHealthScore')}; ` +
      `utilization: ${rateOf(headline, 'sessionUtilizationRate')}; recommendations: ${countOf(headline, 'recommendations')}`
    );
  }
  return Object.entries(headline)
    .map(([name, value]) => `${name}: ${typeof value === 'number' ? formatCount(value) : String(value)}`)
    .join('; ');
}

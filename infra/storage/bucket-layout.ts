/**
 * Prefixes of the reports bucket (the key layout itself is owned by shared/storage/keys.ts). Lifecycle rules and
 * IAM statements are written against these, so a prefix has one spelling. Free of CDK imports.
 */
export const bucketPrefixes = {
  /** `reports/<job>/<yyyy>/<mm>/<dd>/<runId>.json|html` and `reports/latest/<job>.json`. */
  reports: 'reports/',
  dailyReports: 'reports/daily/',
  weeklyReports: 'reports/weekly/',
  monthlyReports: 'reports/monthly/',
  /** Overwritten by every run; its older versions expire as noncurrent versions. */
  latestReports: 'reports/latest/',
  /** Dry-run plans: `plans/<runId>/batch-<n>.json.gz`. */
  plans: 'plans/',
  /**
   * What a real run removed or rewrote, as stored (the rollback): `archive/<runId>/batch-<n>.bson.br`, a brotli-compressed
   * BSON document sequence; runs before decision 21 have `batch-<n>.ejson.gz` (gzipped Extended JSON), still restorable.
   */
  archive: 'archive/',
} as const;

/** Daily and weekly run reports are operational records: three months cover every investigation we expect. */
export const runReportRetentionDays = 90;

/** Overwritten or deleted objects stay restorable this long (the bucket is versioned). */
export const noncurrentVersionRetentionDays = 30;

/** Server access logs of the reports bucket. */
export const accessLogRetentionDays = 365;

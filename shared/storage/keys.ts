/**
 * The layout of the reports bucket (docs/architecture.md, Operations). Every key is built here, so the layout has one
 * owner; lifecycle rules and the operator's IAM policy match these prefixes. Dates are UTC.
 */

/** The jobs that write reports. */
export type ReportJob = 'daily' | 'weekly' | 'monthly';

const reportJobs: readonly string[] = ['daily', 'weekly', 'monthly'] satisfies ReportJob[];

/** Step Functions execution name rules, which the run id follows (it is the execution name). */
const runIdPattern = /^[A-Za-z0-9_-]{1,80}$/;

/** Batch numbers have five digits so that keys sort in batch order (a run has at most ~2,000 batches). */
const maxBatchIndex = 99_999;

/** `reports/<job>/<yyyy>/<mm>/<dd>/<runId>.json`, dated by the run's start (UTC). */
export function reportKey(job: ReportJob, runId: string, startedAt: Date): string {
  return `${datedReportStem(job, runId, startedAt)}.json`;
}

/** `reports/<job>/<yyyy>/<mm>/<dd>/<runId>.html`: the HTML page next to the JSON report. */
export function reportHtmlKey(job: ReportJob, runId: string, startedAt: Date): string {
  return `${datedReportStem(job, runId, startedAt)}.html`;
}

/** `reports/latest/<job>.json`: the last report of a job, overwritten by every run. */
export function latestReportKey(job: ReportJob): string {
  return `reports/latest/${checkedJob(job)}.json`;
}

/** `reports/latest/<job>.html`. */
export function latestReportHtmlKey(job: ReportJob): string {
  return `reports/latest/${checkedJob(job)}.html`;
}

/** `reports/monthly/<yyyy>/<mm>/`: the monthly reports of runs started in that month (`month` is 1-12). */
export function monthlyReportPrefix(year: number, month: number): string {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new Error(`invalid report month: ${month}`);
  return `reports/monthly/${fourDigitYear(year)}/${twoDigits(month)}/`;
}

/** `plans/<runId>/batch-<00000>.json.gz`: a dry run's planned changes for one batch. */
export function planKey(runId: string, batchIndex: number): string {
  return `plans/${checkedRunId(runId)}/batch-${batchNumber(batchIndex)}.json.gz`;
}

/** The encodings of an archived batch, named by the key's extension (shared/jobs/archive-codec.ts). */
export const archiveFormats = ['bson.br', 'ejson.gz'] as const;
export type ArchiveFormat = (typeof archiveFormats)[number];

/**
 * `archive/<runId>/batch-<00000>.bson.br`: the sessions one batch removed or rewrote, as stored (a brotli-compressed
 * BSON document sequence). Runs archived before it have `batch-<00000>.ejson.gz` (gzipped Extended JSON).
 */
export function archiveKey(runId: string, batchIndex: number, format: ArchiveFormat = 'bson.br'): string {
  return `${archivePrefix(runId)}batch-${batchNumber(batchIndex)}.${format}`;
}

/** The format of an archived batch's key, or null for a key that is not an archived batch. */
export function archiveFormatOf(key: string): ArchiveFormat | null {
  return archiveFormats.find((format) => key.endsWith(`.${format}`)) ?? null;
}

/** `archive/<runId>/`: every archived batch of a run (what a restore reads). */
export function archivePrefix(runId: string): string {
  return `archive/${checkedRunId(runId)}/`;
}

function datedReportStem(job: ReportJob, runId: string, startedAt: Date): string {
  if (Number.isNaN(startedAt.getTime())) throw new Error(`invalid start date for report of run ${runId}`);
  const year = fourDigitYear(startedAt.getUTCFullYear());
  const month = twoDigits(startedAt.getUTCMonth() + 1);
  const day = twoDigits(startedAt.getUTCDate());
  return `reports/${checkedJob(job)}/${year}/${month}/${day}/${checkedRunId(runId)}`;
}

// Callers are typed, but job and run id also come from payloads and the CLI: a bad one must not shape a key.
function checkedJob(job: string): string {
  if (!reportJobs.includes(job))
    throw new Error(`invalid job ${JSON.stringify(job)}: expected daily, weekly or monthly`);
  return job;
}

function checkedRunId(runId: string): string {
  if (!runIdPattern.test(runId)) {
    throw new Error(`invalid run id ${JSON.stringify(runId)}: expected 1-80 characters of A-Z a-z 0-9 _ -`);
  }
  return runId;
}

function batchNumber(batchIndex: number): string {
  if (!Number.isInteger(batchIndex) || batchIndex < 0 || batchIndex > maxBatchIndex) {
    throw new Error(`invalid batch index ${batchIndex}: expected an integer from 0 to ${maxBatchIndex}`);
  }
  return String(batchIndex).padStart(5, '0');
}

// Keys sort by date only while years have four digits.
function fourDigitYear(year: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`invalid report year: ${year}`);
  return String(year);
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

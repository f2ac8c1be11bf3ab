import { dayRange } from '#shared/core/config.ts';
import { batchSizeRange } from '#shared/jobs/job-request.ts';
import { jobNames, type JobName } from '#shared/jobs/run-context.ts';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface RunCommand {
  readonly command: 'run';
  readonly job: JobName;
  readonly dryRun: boolean;
  /** The job's age threshold: expiry days (daily, monthly) or compression age (weekly). */
  readonly days: number | null;
  readonly leadIds: readonly string[];
  readonly batchSize: number | null;
  readonly verbose: boolean;
  readonly json: boolean;
  readonly dataDir: string | null;
  readonly reportsDir: string;
}
export interface RestoreCommand {
  readonly command: 'restore';
  readonly runId: string;
  readonly leadId: string | null;
  readonly json: boolean;
  readonly dataDir: string | null;
  readonly reportsDir: string;
}
export interface ReportShowCommand {
  readonly command: 'report-show';
  readonly job: JobName;
  readonly month: string | null;
  readonly json: boolean;
  readonly reportsDir: string;
}
export interface StatusCommand {
  readonly command: 'status';
  readonly json: boolean;
  readonly dataDir: string | null;
  readonly reportsDir: string;
}
export type CliCommand = RunCommand | RestoreCommand | ReportShowCommand | StatusCommand | { readonly command: 'help' };

const valueFlags = new Set([
  '--type',
  '--days',
  '--lead',
  '--batch-size',
  '--data-dir',
  '--reports-dir',
  '--run',
  '--job',
  '--month',
]);
const booleanFlags = new Set(['--dry-run', '--verbose', '--json', '--help', '-h']);

function wholeNumber(flag: string, raw: string, range: { min: number; max: number }): number {
  if (!/^\d+$/.test(raw))
    throw new UsageError(`${flag} expects a whole number from ${range.min} to ${range.max}, got "${raw}"`);
  const value = Number(raw);
  if (value < range.min || value > range.max)
    throw new UsageError(`${flag} ${value} is out of range ${range.min}..${range.max}`);
  return value;
}

function jobName(flag: string, raw: string): JobName {
  if (!(jobNames as readonly string[]).includes(raw))
    throw new UsageError(`${flag} must be one of ${jobNames.join(', ')}, got "${raw}"`);
  return raw as JobName;
}

/** Parses the command line of `npm run cleanup:sessions -- ...`. Unknown flags and bad values are usage errors. */
export function parseArguments(argv: readonly string[]): CliCommand {
  const positional: string[] = [];
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    const [name, inline] =
      argument.startsWith('--') && argument.includes('=') ? argument.split(/=(.*)/s, 2) : [argument, undefined];
    if (name === undefined) continue;
    if (booleanFlags.has(name)) {
      if (inline !== undefined) throw new UsageError(`${name} takes no value`);
      flags.add(name);
    } else if (valueFlags.has(name)) {
      const value = inline ?? argv[index + 1];
      if (value === undefined || (inline === undefined && value.startsWith('--')))
        throw new UsageError(`${name} needs a value`);
      if (inline === undefined) index += 1;
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if (name.startsWith('-')) {
      throw new UsageError(`unknown option ${name} (see --help)`);
    } else {
      positional.push(name);
    }
  }
  if (flags.has('--help') || flags.has('-h')) return { command: 'help' };
  const single = (flag: string): string | null => {
    const given = values.get(flag) ?? [];
    if (given.length > 1) throw new UsageError(`${flag} given more than once`);
    return given[0] ?? null;
  };
  const json = flags.has('--json');
  const dataDir = single('--data-dir');
  const reportsDir = single('--reports-dir') ?? 'reports';
  const [verb, object, ...rest] = positional;
  if (verb === 'restore') {
    const runId = single('--run') ?? object ?? null;
    if (runId === null) throw new UsageError('restore needs --run <runId>');
    return { command: 'restore', runId, leadId: single('--lead'), json, dataDir, reportsDir };
  }
  if (verb === 'report' && object === 'show') {
    const month = single('--month');
    if (month !== null && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      throw new UsageError(`--month must look like 2026-10, got "${month}"`);
    return { command: 'report-show', job: jobName('--job', single('--job') ?? 'monthly'), month, json, reportsDir };
  }
  if (verb === 'status') return { command: 'status', json, dataDir, reportsDir };
  if (verb !== undefined && verb !== 'run')
    throw new UsageError(`unknown command "${[verb, object, ...rest].filter(Boolean).join(' ')}" (see --help)`);
  const days = single('--days');
  const batchSize = single('--batch-size');
  const leadIds = values.get('--lead') ?? [];
  for (const id of leadIds)
    if (!/^[0-9a-f]{24}$/.test(id)) throw new UsageError(`--lead expects a 24-hex-digit lead id, got "${id}"`);
  return {
    command: 'run',
    job: jobName('--type', single('--type') ?? 'daily'),
    dryRun: flags.has('--dry-run'),
    days: days === null ? null : wholeNumber('--days', days, dayRange),
    leadIds,
    batchSize: batchSize === null ? null : wholeNumber('--batch-size', batchSize, batchSizeRange),
    verbose: flags.has('--verbose'),
    json,
    dataDir,
    reportsDir,
  };
}

export const helpText = `Session cleanup and maintenance

Usage:
  npm run cleanup:sessions -- [run] [options]      run a job through the local state machine
  npm run cleanup:sessions -- restore --run <runId> [--lead <id>]
  npm run cleanup:sessions -- report show [--job monthly] [--month 2026-10]
  npm run cleanup:sessions -- status

Run options:
  --type daily|weekly|monthly   the job (default daily)
  --dry-run                     plan only: write the plan, change nothing
  --days N                      the job's age threshold in whole days (1-365): session expiry for daily and
                                monthly, compression age for weekly (default from the environment)
  --lead <id>                   limit the run to this lead (repeatable)
  --batch-size N                leads per batch (10-10000, default BATCH_SIZE or 1000)
  --verbose                     log every step (JSON lines on stderr)
  --json                        print the run summary as JSON
  --data-dir DIR                embedded database folder when MONGODB_URI is not set (default .embedded-mongo)
  --reports-dir DIR             where reports, plans and the archive go (default ./reports)
  --help                        this text

Environment: MONGODB_URI (else the embedded database), MONGODB_DATABASE, SESSION_EXPIRY_DAYS (30),
COMPRESSION_AFTER_DAYS (7), MAX_SESSIONS_PER_LEAD (10), ANALYTICS_RETENTION_DAYS (90), SESSION_CLEANUP_ENABLED (true).

Exit codes: 0 completed, 3 completed with errors, 1 failed, 2 usage error.
`;

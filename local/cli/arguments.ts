import { dayRange } from '#shared/core/config.ts';
import { batchSizeRange } from '#shared/jobs/job-request.ts';
import { jobNames, type JobName } from '#shared/jobs/run-context.ts';
import { jobName, leadId, monthOf, regionName, stackName, UsageError, wholeNumber } from './argument-values.ts';

export { UsageError } from './argument-values.ts';
export { helpText } from './help-text.ts';

/** `--remote [--stack NAME] [--region R]`: work on the deployed stack instead of the local environment. */
export interface RemoteTarget {
  /** null: SESSION_STACK_NAME, else the stack name infra deploys. */
  readonly stackName: string | null;
  /** null: the AWS SDK's default (AWS_REGION, the profile). */
  readonly region: string | null;
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
  /** Invoke the deployed job function and follow its execution. */
  readonly remote: RemoteTarget | null;
  /** Seconds between two DescribeExecution calls of a remote run. */
  readonly pollIntervalSeconds: number;
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
  readonly remote: RemoteTarget | null;
}
export interface StatusCommand {
  readonly command: 'status';
  readonly json: boolean;
  /** Runs shown per job and kind (real runs, dry runs). */
  readonly limit: number;
  readonly dataDir: string | null;
  readonly reportsDir: string;
  readonly remote: RemoteTarget | null;
}
export interface ScheduleCommand {
  readonly command: 'schedule';
  readonly action: 'enable' | 'disable';
  readonly jobs: readonly JobName[];
  readonly json: boolean;
  readonly remote: RemoteTarget;
}
export interface SessionExportCommand {
  readonly command: 'session-export';
  readonly leadId: string;
  readonly sessionId: string | null;
  /** Write the storageState here instead of stdout. */
  readonly out: string | null;
  readonly dataDir: string | null;
}
export interface LeadsListCommand {
  readonly command: 'leads-list';
  readonly limit: number;
  /** Only leads that hold at least one session. */
  readonly withSessions: boolean;
  readonly json: boolean;
  readonly dataDir: string | null;
}
export type CliCommand =
  | RunCommand
  | LeadsListCommand
  | RestoreCommand
  | ReportShowCommand
  | StatusCommand
  | ScheduleCommand
  | SessionExportCommand
  | { readonly command: 'help' };

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
  '--stack',
  '--region',
  '--poll-interval',
  '--session',
  '--out',
  '--limit',
]);
const booleanFlags = new Set(['--dry-run', '--verbose', '--json', '--remote', '--help', '-h', '--with-sessions']);
/** How many leads `leads list` shows, and runs per job and kind `status` shows, unless --limit says otherwise. */
const defaultLeadsLimit = 20;
const defaultStatusRunLimit = 3;
const limitRange = { min: 1, max: 100_000 } as const;
/** Five seconds keeps a long run's polling well under the Step Functions API quotas. */
const defaultPollIntervalSeconds = 5;
const pollIntervalRange = { min: 1, max: 300 } as const;

interface ParsedLine {
  readonly positional: readonly string[];
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlySet<string>;
}

function splitArguments(argv: readonly string[]): ParsedLine {
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
  return { positional, values, flags };
}

/** Parses the command line of `npm run cleanup:sessions -- ...`. Unknown flags and bad values are usage errors. */
export function parseArguments(argv: readonly string[]): CliCommand {
  const { positional, values, flags } = splitArguments(argv);
  if (flags.has('--help') || flags.has('-h')) return { command: 'help' };
  const single = (flag: string): string | null => {
    const given = values.get(flag) ?? [];
    if (given.length > 1) throw new UsageError(`${flag} given more than once`);
    return given[0] ?? null;
  };
  // A flag that does nothing for this command is refused rather than ignored: the operator meant something by it.
  const refuse = (flags: readonly string[], reason: string) => {
    for (const flag of flags) if (values.has(flag)) throw new UsageError(`${flag} ${reason}`);
  };
  const json = flags.has('--json');
  const dataDir = single('--data-dir');
  const reportsDir = single('--reports-dir') ?? 'reports';
  const [verb, object, ...rest] = positional;
  const remote = remoteTarget(flags.has('--remote'), single);
  if (verb !== 'run' && verb !== undefined) refuse(['--poll-interval'], 'only applies to a run with --remote');
  if (!(verb === 'session' && object === 'export')) refuse(['--session', '--out'], 'only applies to session export');
  const listsLeads = verb === 'leads' && object === 'list';
  if (!listsLeads && verb !== 'status') refuse(['--limit'], 'only applies to status and leads list');
  if (!listsLeads && flags.has('--with-sessions')) throw new UsageError('--with-sessions only applies to leads list');
  const limit = (fallback: number): number => {
    const given = single('--limit');
    return given === null ? fallback : wholeNumber('--limit', given, limitRange);
  };
  if (listsLeads) {
    if (remote) throw new UsageError('leads list reads MongoDB from this machine: --remote does not apply');
    if (rest.length > 0) throw new UsageError(`leads list takes no argument, got "${rest.join(' ')}"`);
    return {
      command: 'leads-list',
      limit: limit(defaultLeadsLimit),
      withSessions: flags.has('--with-sessions'),
      json,
      dataDir,
    };
  }

  if (verb === 'restore') {
    if (remote) throw new UsageError('restore writes to MongoDB from this machine: --remote does not apply');
    const runId = single('--run') ?? object ?? null;
    if (runId === null) throw new UsageError('restore needs --run <runId>');
    const lead = single('--lead');
    return {
      command: 'restore',
      runId,
      leadId: lead === null ? null : leadId('--lead', lead),
      json,
      dataDir,
      reportsDir,
    };
  }
  if (verb === 'report' && object === 'show') {
    const month = single('--month');
    return {
      command: 'report-show',
      job: jobName('--job', single('--job') ?? 'monthly'),
      month: month === null ? null : monthOf('--month', month),
      json,
      reportsDir,
      remote,
    };
  }
  if (verb === 'status')
    return { command: 'status', json, limit: limit(defaultStatusRunLimit), dataDir, reportsDir, remote };
  if (verb === 'schedule') return scheduleCommand(object, rest, json, remote);
  if (verb === 'session' && object === 'export') {
    if (remote) throw new UsageError('session export reads MongoDB from this machine: --remote does not apply');
    const lead = single('--lead');
    if (lead === null) throw new UsageError('session export needs --lead <id>');
    return {
      command: 'session-export',
      leadId: leadId('--lead', lead),
      sessionId: single('--session'),
      out: single('--out'),
      dataDir,
    };
  }
  if (verb !== undefined && verb !== 'run')
    throw new UsageError(`unknown command "${[verb, object, ...rest].filter(Boolean).join(' ')}" (see --help)`);
  const days = single('--days');
  const batchSize = single('--batch-size');
  const pollInterval = single('--poll-interval');
  if (remote === null && pollInterval !== null) throw new UsageError('--poll-interval only applies with --remote');
  if (remote !== null) refuse(['--data-dir', '--reports-dir'], 'does not apply with --remote (the run is in AWS)');
  return {
    command: 'run',
    job: jobName('--type', single('--type') ?? 'daily'),
    dryRun: flags.has('--dry-run'),
    days: days === null ? null : wholeNumber('--days', days, dayRange),
    leadIds: (values.get('--lead') ?? []).map((id) => leadId('--lead', id)),
    batchSize: batchSize === null ? null : wholeNumber('--batch-size', batchSize, batchSizeRange),
    verbose: flags.has('--verbose'),
    json,
    dataDir,
    reportsDir,
    remote,
    pollIntervalSeconds:
      pollInterval === null
        ? defaultPollIntervalSeconds
        : wholeNumber('--poll-interval', pollInterval, pollIntervalRange),
  };
}

function remoteTarget(remote: boolean, single: (flag: string) => string | null): RemoteTarget | null {
  const stack = single('--stack');
  const region = single('--region');
  if (!remote) {
    if (stack !== null) throw new UsageError('--stack only applies with --remote');
    if (region !== null) throw new UsageError('--region only applies with --remote');
    return null;
  }
  return {
    stackName: stack === null ? null : stackName('--stack', stack),
    region: region === null ? null : regionName('--region', region),
  };
}

function scheduleCommand(
  action: string | undefined,
  rest: readonly string[],
  json: boolean,
  remote: RemoteTarget | null,
): ScheduleCommand {
  if (action !== 'enable' && action !== 'disable')
    throw new UsageError(`schedule expects enable or disable, got ${action === undefined ? 'nothing' : `"${action}"`}`);
  const [which = 'all', ...extra] = rest;
  if (extra.length > 0) throw new UsageError(`schedule ${action} takes one of daily, weekly, monthly, all`);
  if (which !== 'all' && !(jobNames as readonly string[]).includes(which))
    throw new UsageError(`schedule ${action} takes daily, weekly, monthly or all, got "${which}"`);
  const jobs = which === 'all' ? [...jobNames] : [which as JobName];
  if (remote === null) {
    throw new UsageError(
      `schedule ${action} needs --remote: schedules are EventBridge rules of the deployed stack. Locally there is ` +
        'no scheduler (runs start by hand), and SESSION_CLEANUP_ENABLED=false makes scheduled runs do nothing',
    );
  }
  return { command: 'schedule', action, jobs, json, remote };
}

import * as z from 'zod/mini';

/**
 * The maintenance policy: every threshold a rule needs, validated once at start-up.
 * Names follow the environment variables of the system we replace (SESSION_EXPIRY_DAYS, ...).
 */
export interface MaintenancePolicy {
  /** A session older than this many whole days (by `createdAt`) is expired. */
  readonly sessionExpiryDays: number;
  /** History sessions older than this many whole days are compressed by the weekly job. */
  readonly compressionAfterDays: number;
  /** At most this many sessions are kept in a lead's history. */
  readonly maxSessionsPerLead: number;
  /** Analytics reports are kept this many days. */
  readonly analyticsRetentionDays: number;
  /** When false, scheduled runs do nothing (manual runs still work). */
  readonly sessionCleanupEnabled: boolean;
}

export const defaultPolicy: MaintenancePolicy = {
  sessionExpiryDays: 30,
  compressionAfterDays: 7,
  maxSessionsPerLead: 10,
  analyticsRetentionDays: 90,
  sessionCleanupEnabled: true,
};

/** Allowed range of every whole-day threshold. */
export const dayRange = { min: 1, max: 365 } as const;
/** Allowed range of the per-lead history limit. */
export const sessionLimitRange = { min: 1, max: 1000 } as const;

/** A whole-number environment variable: its name, its range and what it counts ("days"; null: a plain number). */
export interface WholeNumberVariable {
  readonly variable: string;
  readonly range: { readonly min: number; readonly max: number };
  readonly unit: string | null;
  readonly fallback: number;
}

interface IntegerSetting extends WholeNumberVariable {
  readonly key: Exclude<keyof MaintenancePolicy, 'sessionCleanupEnabled'>;
}

/** The environment variables the policy is read from, with their ranges (README's configuration table). */
export const integerSettings: readonly IntegerSetting[] = [
  policyVariable('SESSION_EXPIRY_DAYS', 'sessionExpiryDays', dayRange, 'days'),
  policyVariable('COMPRESSION_AFTER_DAYS', 'compressionAfterDays', dayRange, 'days'),
  policyVariable('MAX_SESSIONS_PER_LEAD', 'maxSessionsPerLead', sessionLimitRange, 'sessions'),
  policyVariable('ANALYTICS_RETENTION_DAYS', 'analyticsRetentionDays', dayRange, 'days'),
];

function policyVariable(
  variable: string,
  key: IntegerSetting['key'],
  range: IntegerSetting['range'],
  unit: string,
): IntegerSetting {
  return { variable, key, range, unit, fallback: defaultPolicy[key] };
}

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

const wholeNumberText = z.string().check(z.regex(/^\s*[+]?\d+\s*$/));
/** Every spelling a yes/no variable accepts, compared in any case; the error message lists them all. */
export const booleanSpellings = ['true', 'false', '1', '0', 'yes', 'no'] as const;
const booleanText = z.enum(booleanSpellings);

/** `a whole number of days from 1 to 365`, `a whole number from 10 to 10000`: what a variable accepts. */
export function acceptedWholeNumbers(setting: Pick<WholeNumberVariable, 'range' | 'unit'>): string {
  const { min, max } = setting.range;
  return `a whole number${setting.unit === null ? '' : ` of ${setting.unit}`} from ${min} to ${max}`;
}

/** What a yes/no variable accepts, every spelling named. */
export const acceptedBooleans = `one of ${booleanSpellings.join(', ')} (in any case)`;

/** Values are quoted as given but cut short: a variable holding a whole file is not echoed back. */
const shown = (raw: string): string => JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);

/**
 * Parses one whole-number variable. Returns the value or a message naming the variable, the value and what is
 * accepted; `0` or `12.5` are errors, never a silent default (the original turned `0` into 30).
 */
export function parseIntegerSetting(setting: WholeNumberVariable, raw: string | undefined): number | string {
  if (raw === undefined || raw.trim() === '') return setting.fallback;
  const { min, max } = setting.range;
  const expectation = acceptedWholeNumbers(setting);
  if (!z.safeParse(wholeNumberText, raw).success)
    return `${setting.variable}=${shown(raw)} is not accepted: expected ${expectation}`;
  const value = Number(raw.trim());
  if (value < min || value > max) return `${setting.variable}=${value} is out of range: expected ${expectation}`;
  return value;
}

/** Parses a yes/no variable; an unknown spelling is an error listing every accepted one. */
export function parseBooleanSetting(variable: string, raw: string | undefined, fallback: boolean): boolean | string {
  if (raw === undefined || raw.trim() === '') return fallback;
  const parsed = z.safeParse(booleanText, raw.trim().toLowerCase());
  if (!parsed.success) return `${variable}=${shown(raw)} is not accepted: expected ${acceptedBooleans}`;
  return parsed.data === 'true' || parsed.data === '1' || parsed.data === 'yes';
}

/**
 * Reads the maintenance policy from environment variables.
 * @throws ConfigurationError listing every invalid variable (all of them, not just the first).
 */
export function loadPolicy(environment: Readonly<Record<string, string | undefined>>): MaintenancePolicy {
  const problems: string[] = [];
  const values: Record<string, number> = {};
  for (const setting of integerSettings) {
    const parsed = parseIntegerSetting(setting, environment[setting.variable]);
    if (typeof parsed === 'string') problems.push(parsed);
    else values[setting.key] = parsed;
  }
  const enabled = parseBooleanSetting(
    'SESSION_CLEANUP_ENABLED',
    environment.SESSION_CLEANUP_ENABLED,
    defaultPolicy.sessionCleanupEnabled,
  );
  if (typeof enabled === 'string') problems.push(enabled);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return {
    sessionExpiryDays: values.sessionExpiryDays ?? defaultPolicy.sessionExpiryDays,
    compressionAfterDays: values.compressionAfterDays ?? defaultPolicy.compressionAfterDays,
    maxSessionsPerLead: values.maxSessionsPerLead ?? defaultPolicy.maxSessionsPerLead,
    analyticsRetentionDays: values.analyticsRetentionDays ?? defaultPolicy.analyticsRetentionDays,
    sessionCleanupEnabled: enabled as boolean,
  };
}

const dayMs = 86_400_000;

/** The instant before which a `createdAt` is older than `days` whole days. */
export function cutoffBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * dayMs);
}

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

interface IntegerSetting {
  readonly variable: string;
  readonly key: Exclude<keyof MaintenancePolicy, 'sessionCleanupEnabled'>;
  readonly range: { readonly min: number; readonly max: number };
  readonly unit: string;
}

/** The environment variables the policy is read from, with their ranges (README's configuration table). */
export const integerSettings: readonly IntegerSetting[] = [
  { variable: 'SESSION_EXPIRY_DAYS', key: 'sessionExpiryDays', range: dayRange, unit: 'whole days' },
  { variable: 'COMPRESSION_AFTER_DAYS', key: 'compressionAfterDays', range: dayRange, unit: 'whole days' },
  { variable: 'MAX_SESSIONS_PER_LEAD', key: 'maxSessionsPerLead', range: sessionLimitRange, unit: 'sessions' },
  { variable: 'ANALYTICS_RETENTION_DAYS', key: 'analyticsRetentionDays', range: dayRange, unit: 'whole days' },
];

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

const wholeNumberText = z.string().check(z.regex(/^\s*[+]?\d+\s*$/));
const booleanText = z.enum(['true', 'false', '1', '0', 'yes', 'no']);

/**
 * Parses one whole-number setting. Returns the value or a message naming the variable, the value and the range;
 * `0` or `12.5` are errors, never a silent default (the original turned `0` into 30).
 */
export function parseIntegerSetting(setting: IntegerSetting, raw: string | undefined): number | string {
  if (raw === undefined || raw.trim() === '') return defaultPolicy[setting.key];
  const { min, max } = setting.range;
  const expectation = `a whole number of ${setting.unit} from ${min} to ${max}`;
  if (!z.safeParse(wholeNumberText, raw).success)
    return `${setting.variable}=${JSON.stringify(raw)} is not ${expectation}`;
  const value = Number(raw.trim());
  if (value < min || value > max) return `${setting.variable}=${value} is out of range: expected ${expectation}`;
  return value;
}

function parseBooleanSetting(variable: string, raw: string | undefined, fallback: boolean): boolean | string {
  if (raw === undefined || raw.trim() === '') return fallback;
  const parsed = z.safeParse(booleanText, raw.trim().toLowerCase());
  if (!parsed.success) return `${variable}=${JSON.stringify(raw)} is not a boolean: expected true or false`;
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

import {
  acceptedWholeNumbers,
  ConfigurationError,
  loadPolicy,
  parseIntegerSetting,
  type MaintenancePolicy,
  type WholeNumberVariable,
} from './config.ts';

/** Leads per batch: the job functions' default when a run names none (`BATCH_SIZE`, the payload's `batchSize`). */
export const batchSizeRange = { min: 10, max: 10_000 } as const;
export const defaultBatchSize = 1000;

export const batchSizeVariable: WholeNumberVariable = {
  variable: 'BATCH_SIZE',
  range: batchSizeRange,
  unit: null,
  fallback: defaultBatchSize,
};

/** Every setting a process reads from its environment, validated together (README: Configuration). */
export interface RuntimeSettings {
  readonly policy: MaintenancePolicy;
  readonly batchSize: number;
  /** MONGODB_DATABASE; undefined: the database the URI names (or the driver's default). */
  readonly databaseName: string | undefined;
  /** LEADS_COLLECTION, default `leads`. */
  readonly leadsCollection: string;
}

/** MongoDB's rules for a database name (no `/\. "$*<>:|?`, under 64 bytes). */
const databaseNamePattern = /^[^/\\. "$*<>:|?]{1,63}$/;
/** A collection name may not be empty, hold `$` or a NUL, or be in the `system.` namespace. */
const collectionNamePattern = /^(?!system\.)[^$\0]{1,120}$/;

export const acceptedDatabaseName = 'a MongoDB database name: 1-63 characters, none of / \\ . " $ * < > : | ? or space';
export const acceptedCollectionName = 'a MongoDB collection name: 1-120 characters, no $, not starting with "system."';

function nameProblem(variable: string, raw: string | undefined, pattern: RegExp, accepted: string): string | null {
  if (raw === undefined || raw === '' || pattern.test(raw)) return null;
  return `${variable}=${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)} is not accepted: expected ${accepted}`;
}

/**
 * MONGODB_DATABASE alone (recording a failed run needs the database even when another setting is invalid).
 * @throws ConfigurationError when the name is not one MongoDB accepts
 */
export function loadDatabaseName(environment: Readonly<Record<string, string | undefined>>): string | undefined {
  const problem = nameProblem(
    'MONGODB_DATABASE',
    environment.MONGODB_DATABASE,
    databaseNamePattern,
    acceptedDatabaseName,
  );
  if (problem !== null) throw new ConfigurationError([problem]);
  return environment.MONGODB_DATABASE || undefined;
}

/**
 * Reads every setting of the environment at once.
 * @throws ConfigurationError listing every invalid variable with its value and what it accepts.
 */
export function loadSettings(environment: Readonly<Record<string, string | undefined>>): RuntimeSettings {
  const problems: string[] = [];
  let policy: MaintenancePolicy | null = null;
  try {
    policy = loadPolicy(environment);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    problems.push(...error.problems);
  }
  const batchSize = parseIntegerSetting(batchSizeVariable, environment.BATCH_SIZE);
  if (typeof batchSize === 'string') problems.push(batchSize);
  const databaseProblem = nameProblem(
    'MONGODB_DATABASE',
    environment.MONGODB_DATABASE,
    databaseNamePattern,
    acceptedDatabaseName,
  );
  if (databaseProblem !== null) problems.push(databaseProblem);
  const collectionProblem = nameProblem(
    'LEADS_COLLECTION',
    environment.LEADS_COLLECTION,
    collectionNamePattern,
    acceptedCollectionName,
  );
  if (collectionProblem !== null) problems.push(collectionProblem);
  if (problems.length > 0 || policy === null || typeof batchSize === 'string') throw new ConfigurationError(problems);
  return {
    policy,
    batchSize,
    databaseName: environment.MONGODB_DATABASE || undefined,
    leadsCollection: environment.LEADS_COLLECTION || 'leads',
  };
}

/** `BATCH_SIZE`'s accepted values in words, for help texts. */
export const acceptedBatchSizes = acceptedWholeNumbers(batchSizeVariable);

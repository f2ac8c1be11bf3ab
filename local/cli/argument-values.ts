import { jobNames, type JobName } from '#shared/jobs/run-context.ts';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A whole number in `range`, or a usage error naming the flag. */
export function wholeNumber(flag: string, raw: string, range: { min: number; max: number }): number {
  if (!/^\d+$/.test(raw))
    throw new UsageError(`${flag} expects a whole number from ${range.min} to ${range.max}, got "${raw}"`);
  const value = Number(raw);
  if (value < range.min || value > range.max)
    throw new UsageError(`${flag} ${value} is out of range ${range.min}..${range.max}`);
  return value;
}

export function jobName(flag: string, raw: string): JobName {
  if (!(jobNames as readonly string[]).includes(raw))
    throw new UsageError(`${flag} must be one of ${jobNames.join(', ')}, got "${raw}"`);
  return raw as JobName;
}

/** A MongoDB ObjectId as the app stores lead ids: 24 lowercase hex digits. */
export function leadId(flag: string, raw: string): string {
  if (!/^[0-9a-f]{24}$/.test(raw)) throw new UsageError(`${flag} expects a 24-hex-digit lead id, got "${raw}"`);
  return raw;
}

/** CloudFormation stack names: a letter, then letters, digits and hyphens, at most 128 characters. */
export function stackName(flag: string, raw: string): string {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(raw))
    throw new UsageError(`${flag} expects a CloudFormation stack name (letters, digits, hyphens), got "${raw}"`);
  return raw;
}

/** An AWS region such as eu-west-1 or us-gov-west-1. */
export function regionName(flag: string, raw: string): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(raw))
    throw new UsageError(`${flag} expects an AWS region like eu-west-1, got "${raw}"`);
  return raw;
}

/** A year and month, yyyy-mm. */
export function monthOf(flag: string, raw: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(raw)) throw new UsageError(`${flag} must look like 2026-10, got "${raw}"`);
  return raw;
}

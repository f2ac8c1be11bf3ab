import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeMachine } from './machine.ts';

export const resultsDirectory = join(import.meta.dirname, '..', 'results');

/** Writes `bench/results/<name>.json`: the measurements with when, where and how they were taken. */
export function writeResults(name: string, parameters: Readonly<Record<string, unknown>>, results: unknown): string {
  mkdirSync(resultsDirectory, { recursive: true });
  const path = join(resultsDirectory, `${name}.json`);
  const document = { name, measuredAt: new Date().toISOString(), machine: describeMachine(), parameters, results };
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
  return path;
}

/** What `writeResults` wrote: `results` is the part's own shape. */
export interface ResultsDocument<T> {
  readonly name: string;
  readonly measuredAt: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly results: T;
}

/** The results an earlier invocation wrote under `name`, or null when there are none. */
export function readResults<T>(name: string): ResultsDocument<T> | null {
  const path = join(resultsDirectory, `${name}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ResultsDocument<T>) : null;
}

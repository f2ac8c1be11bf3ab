import { spawn } from 'node:child_process';
import { join } from 'node:path';

const script = join(import.meta.dirname, '../../../scripts/cleanup-sessions.ts');

export interface CliOutcome {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node scripts/cleanup-sessions.ts <args>` as an operator would, with `environment` over this process's. */
export function runCli(args: readonly string[], environment: Record<string, string | undefined>): Promise<CliOutcome> {
  const env: Record<string, string | undefined> = { ...process.env, MONGODB_DATABASE: undefined, ...environment };
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ args, code, stdout, stderr }));
  });
}

/** The JSON lines a verbose run wrote to stderr (the structured log). */
export function jsonLogLines(stderr: string): Record<string, unknown>[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (infra/..): the functions' entries, package-lock.json, tsconfig.json and cdk.json live here. */
export const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/** An absolute path inside the repository. */
export function repoPath(...segments: string[]): string {
  return join(repoRoot, ...segments);
}

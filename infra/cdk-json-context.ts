import { readFileSync } from 'node:fs';
import { repoPath } from './paths.ts';

/**
 * The context of cdk.json (feature flags, and any settings kept there). `new App()` reads cdk.json only through
 * the CLI: tests and the local runner pass this themselves, or they would build a different template.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(repoPath('cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return { ...cdkJson.context };
}

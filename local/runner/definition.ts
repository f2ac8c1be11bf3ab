import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import type * as infraDefinition from '#infra/definition.ts';
import { repoPath } from '#infra/paths.ts';

/** Where synthesized definitions are kept between runs (node_modules/.cache: ignored by git, gone with `npm ci`). */
const cacheDirectory = repoPath('node_modules', '.cache', 'lead-session-maintenance');

/** Everything a synthesis reads: the stack's code and what it imports, cdk.json, the installed versions. */
const synthesisInputs = {
  directories: ['infra', 'shared', 'functions', 'lib'],
  files: ['cdk.json', 'package-lock.json'],
};

function sourceFiles(directory: string): string[] {
  return readdirSync(repoPath(directory), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * A digest of every input of the synthesis: each source file of the stack and the code it imports (path and
 * content), cdk.json, package-lock.json, the extra context, the CDK_* environment and the Node version. Any change
 * to any of them gives another key, so a cached definition is always the one the current code synthesizes.
 */
export function definitionCacheKey(context: Record<string, unknown>): string {
  const hash = createHash('sha256');
  const files = [...synthesisInputs.directories.flatMap(sourceFiles), ...synthesisInputs.files.map((f) => repoPath(f))];
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  const cdkEnvironment = Object.entries(process.env).filter(([name]) => name.startsWith('CDK_'));
  hash.update(JSON.stringify({ context, cdkEnvironment: cdkEnvironment.sort(), node: process.version }));
  return hash.digest('hex').slice(0, 32);
}

function synthesize(context: Record<string, unknown>): StateMachineDefinition {
  // Loaded only on a cache miss: the CDK and the stack cost about 2 s of start-up (createRequire keeps this
  // function synchronous for its callers; Node loads the ES module through require).
  const require = createRequire(import.meta.url);
  const { extractStateMachineDefinition, synthesizeTemplate } =
    require('#infra/definition.ts') as typeof infraDefinition;
  return extractStateMachineDefinition(synthesizeTemplate(context)).definition as unknown as StateMachineDefinition;
}

/**
 * The state machine definition exactly as deployed: synthesized from the CDK stack (bundling skipped) and
 * resolved to plain JSON. Never a hand-written copy, so the local runner follows every change to the stack. The
 * result is cached under a digest of every input of the synthesis ({@link definitionCacheKey}): the command line
 * then starts in about 1 s instead of 3 s, which keeps a failure such as an unreachable database under 5 s.
 */
export function loadDeployedDefinition(context: Record<string, unknown> = {}): StateMachineDefinition {
  const cached = join(cacheDirectory, `definition-${definitionCacheKey(context)}.json`);
  try {
    return JSON.parse(readFileSync(cached, 'utf8')) as StateMachineDefinition;
  } catch {
    // Not synthesized yet for this code (or unreadable): synthesize it.
  }
  const definition = synthesize(context);
  try {
    mkdirSync(cacheDirectory, { recursive: true });
    // Written beside, then renamed: a concurrent reader sees the whole file or none.
    const partial = `${cached}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(definition));
    renameSync(partial, cached);
  } catch {
    // A read-only checkout: synthesize every time.
  }
  return definition;
}

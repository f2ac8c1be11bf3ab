import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import type * as infraDefinition from '#infra/definition.ts';
import { repoRoot } from '#infra/paths.ts';
import { writeCacheFile } from './cache-file.ts';
import { inputFilesDigest } from './input-files-digest.ts';

/** Where synthesized definitions are kept between runs (node_modules/.cache: ignored by git, gone with `npm ci`). */
function cacheDirectory(root: string): string {
  return join(root, 'node_modules', '.cache', 'lead-session-maintenance');
}

/** Everything a synthesis reads: the stack's code and what it imports, cdk.json, the installed versions. */
const synthesisInputs = {
  directories: ['infra', 'shared', 'functions', 'lib'],
  files: ['cdk.json', 'package-lock.json'],
};

/**
 * A digest of every input of the synthesis: each source file of the stack and the code it imports (path and
 * content), cdk.json, package-lock.json, the extra context, the CDK_* environment and the Node version. Any change
 * to any of them gives another key, so a cached definition is always the one the current code synthesizes. The
 * files' digest is reused while none of their stamps changed ({@link inputFilesDigest}): a start then reads no
 * source file. `root` is the repository's (tests give a copy of its layout).
 */
export function definitionCacheKey(context: Record<string, unknown>, root: string = repoRoot): string {
  const files = inputFilesDigest(
    { root, ...synthesisInputs },
    { stampFile: join(cacheDirectory(root), 'synthesis-input-stamps.json') },
  );
  const cdkEnvironment = Object.entries(process.env).filter(([name]) => name.startsWith('CDK_'));
  return createHash('sha256')
    .update(JSON.stringify({ files, context, cdkEnvironment: cdkEnvironment.sort(), node: process.version }))
    .digest('hex')
    .slice(0, 32);
}

/** The file a definition synthesized under these inputs is cached in. */
export function cachedDefinitionPath(context: Record<string, unknown>, root: string = repoRoot): string {
  return join(cacheDirectory(root), `definition-${definitionCacheKey(context, root)}.json`);
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
  const cached = cachedDefinitionPath(context);
  try {
    return JSON.parse(readFileSync(cached, 'utf8')) as StateMachineDefinition;
  } catch {
    // Not synthesized yet for this code (or unreadable): synthesize it.
  }
  const definition = synthesize(context);
  // Where it cannot be cached (a read-only checkout), the definition is synthesized every time.
  writeCacheFile(cached, JSON.stringify(definition));
  return definition;
}

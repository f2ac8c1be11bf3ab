import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { functionBundleSettings } from '#infra/functions/function-bundle-settings.ts';
import { stepHandlerExports } from '#infra/functions/function-names.ts';

/**
 * The bundles the stack deploys (functions/<name>.ts) and which target applies to each: one per job function, and
 * one for the four step functions (plan, process-batch, record-batch-failure, finalize share `steps`).
 */
export const functionEntries = [
  { name: 'daily', kind: 'job', handlers: ['handler'] },
  { name: 'weekly', kind: 'job', handlers: ['handler'] },
  { name: 'monthly', kind: 'job', handlers: ['handler'] },
  { name: 'steps', kind: 'step', handlers: Object.values(stepHandlerExports) },
] as const;

export type FunctionKind = (typeof functionEntries)[number]['kind'];

export interface Contributor {
  readonly name: string;
  readonly bytes: number;
}

export interface BuiltBundle {
  readonly name: string;
  readonly kind: FunctionKind;
  readonly file: string;
  readonly bytes: number;
  /** Largest contributors by package (node_modules) or by project folder, bytes in the minified output. */
  readonly topPackages: readonly Contributor[];
  /** Largest single input files. */
  readonly topFiles: readonly Contributor[];
  readonly buildMs: number;
  /** The same function built with the AWS SDK left to the runtime (`@aws-sdk/*`, `@smithy/*` external), bytes. */
  readonly bytesWithRuntimeSdk: number;
}

const repoRoot = join(import.meta.dirname, '..', '..');

/** Where an input comes from: its package (the innermost node_modules), or its project folder (shared/mongo). */
export function contributorOf(inputPath: string): string {
  const parts = inputPath.split('/');
  const modules = parts.lastIndexOf('node_modules');
  if (modules >= 0) {
    const first = parts[modules + 1] ?? '?';
    return first.startsWith('@') ? `${first}/${parts[modules + 2] ?? '?'}` : first;
  }
  return parts.length > 2 ? `${parts[0] ?? ''}/${parts[1] ?? ''} (project)` : `${parts[0] ?? ''} (project)`;
}

function topContributors(
  inputs: Metafile['outputs'][string]['inputs'],
  group: (path: string) => string,
): Contributor[] {
  const sums = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs))
    sums.set(group(path), (sums.get(group(path)) ?? 0) + bytesInOutput);
  return [...sums]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 10);
}

/**
 * Builds one function as the CDK stack does (infra/functions/maintenance-function.ts): bundled, minified, ESM for
 * Node 24, the AWS SDK bundled, the shared settings (`require` banner, `bowser` external, one bson), no source map.
 */
export async function buildBundle(entry: (typeof functionEntries)[number], outDirectory: string): Promise<BuiltBundle> {
  const file = join(outDirectory, entry.name, 'index.mjs');
  const started = performance.now();
  const result = await esbuildFunction(entry.name, file, []);
  const buildMs = performance.now() - started;
  const withRuntimeSdk = join(outDirectory, `${entry.name}-runtime-sdk`, 'index.mjs');
  await esbuildFunction(entry.name, withRuntimeSdk, ['@aws-sdk/*', '@smithy/*']);
  const output = Object.values(result.metafile.outputs)[0];
  if (output === undefined) throw new Error(`esbuild wrote no output for ${entry.name}`);
  return {
    name: entry.name,
    kind: entry.kind,
    file,
    bytes: statSync(file).size,
    topPackages: topContributors(output.inputs, contributorOf),
    topFiles: topContributors(output.inputs, (path) => path),
    buildMs,
    bytesWithRuntimeSdk: statSync(withRuntimeSdk).size,
  };
}

function esbuildFunction(name: string, outfile: string, external: string[]) {
  return build({
    entryPoints: [join(repoRoot, 'functions', `${name}.ts`)],
    outfile,
    external: [...functionBundleSettings.external, ...external],
    alias: { ...functionBundleSettings.alias },
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: ['module', 'main'],
    banner: { js: functionBundleSettings.banner },
    tsconfig: join(repoRoot, 'tsconfig.json'),
    sourcemap: false,
    metafile: true,
    logLevel: 'error',
    absWorkingDir: repoRoot,
  });
}

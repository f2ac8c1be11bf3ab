import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumInstallCommand, findChromium, type ChromiumLookup } from './chromium.ts';

/** What the integration tests' global setup does about Chromium. */
export type ChromiumSetupAction = 'nothing' | 'install' | 'explain';

/**
 * Installs Debian's package only where CI would (root, apt-get present) and only when no Chromium was found or
 * named: a CHROMIUM_PATH pointing nowhere is the operator's to fix, never papered over by an install.
 */
export function chromiumSetupAction(
  lookup: ChromiumLookup,
  machine: { readonly isRoot: boolean; readonly hasAptGet: boolean; readonly pathNamed: boolean },
): ChromiumSetupAction {
  if (lookup.found) return 'nothing';
  return machine.isRoot && machine.hasAptGet && !machine.pathNamed ? 'install' : 'explain';
}

const aptGet = '/usr/bin/apt-get';

function runApt(args: readonly string[]): string | null {
  const result = spawnSync(aptGet, args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (result.status === 0) return null;
  const output = `${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim().split('\n').slice(-3);
  return `apt-get ${args.join(' ')} failed: ${output.join(' | ')}`;
}

/** Vitest global setup of the integration project: makes sure the browser tests have a Chromium, or says why not. */
export default function setupChromium(): void {
  const lookup = findChromium();
  const action = chromiumSetupAction(lookup, {
    isRoot: process.getuid?.() === 0,
    hasAptGet: existsSync(aptGet),
    pathNamed: Boolean(process.env.CHROMIUM_PATH),
  });
  if (action === 'nothing') return;
  if (action === 'install') {
    process.stderr.write(
      `No Chromium found: installing Debian's package for the browser tests (${chromiumInstallCommand})...\n`,
    );
    const failure = runApt(['update', '-qq']) ?? runApt(['install', '-y', '-qq', 'chromium']);
    const after = findChromium();
    if (after.found) {
      process.stderr.write(`Chromium installed: ${after.path}\n`);
      return;
    }
    process.stderr.write(
      `Chromium could not be installed (${failure ?? 'no binary afterwards'}): the browser tests will fail.\n`,
    );
    return;
  }
  if (!lookup.found) process.stderr.write(`${lookup.problem}. The browser tests will fail; the others run.\n`);
}

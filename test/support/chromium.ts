import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: CI installs it (.ci/run); Playwright never downloads a browser here. */
export const debianChromiumPath = '/usr/bin/chromium';

/** Names another Chromium binary (a different distribution, a Playwright-managed one) for the browser tests. */
export const chromiumPathVariable = 'CHROMIUM_PATH';

/** What to run when there is no Chromium: the package CI installs. */
export const chromiumInstallCommand = 'apt-get update && apt-get install -y chromium';

export type ChromiumLookup =
  { readonly found: true; readonly path: string } | { readonly found: false; readonly problem: string };

/**
 * Finds the Chromium the browser tests launch: the one CHROMIUM_PATH names, else Debian's. A CHROMIUM_PATH that
 * names nothing is an error, not a reason to fall back: the operator meant that binary.
 */
export function findChromium(
  environment: Readonly<Record<string, string | undefined>> = process.env,
  exists: (path: string) => boolean = existsSync,
): ChromiumLookup {
  const named = environment[chromiumPathVariable];
  if (named !== undefined && named !== '') {
    return exists(named)
      ? { found: true, path: named }
      : { found: false, problem: `${chromiumPathVariable}=${named} names no file: point it at a Chromium binary` };
  }
  if (exists(debianChromiumPath)) return { found: true, path: debianChromiumPath };
  return {
    found: false,
    problem:
      `no Chromium for the browser tests: ${debianChromiumPath} is missing and ${chromiumPathVariable} is not set. ` +
      `Install Debian's package (as root: ${chromiumInstallCommand}) or set ${chromiumPathVariable} to a Chromium binary`,
  };
}

/** Flags for this machine's closed network: without the background-networking ones, Chromium keeps dialling out. */
const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches headless Chromium. A missing browser is a broken environment, not a reason to skip a test: it fails at
 * once, naming the command that fixes it (the integration project's global setup installs it where it can).
 */
export async function launchChromium(): Promise<Browser> {
  const lookup = findChromium();
  if (!lookup.found) throw new Error(lookup.problem);
  return chromium.launch({ executablePath: lookup.path, args: chromiumArgs, timeout: 30_000 });
}

import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: CI installs it (.ci/run); Playwright never downloads a browser here. */
export const chromiumPath = '/usr/bin/chromium';

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

/** Launches headless Chromium; a missing browser is a broken environment, not a reason to skip a test. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(`${chromiumPath} is missing: install Debian's chromium (apt-get install chromium); CI installs it`);
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

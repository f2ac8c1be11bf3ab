import { describe, expect, it } from 'vitest';
import { chromiumSetupAction } from '../../support/chromium-setup.ts';
import { chromiumInstallCommand, debianChromiumPath, findChromium } from '../../support/chromium.ts';

const only =
  (...paths: string[]) =>
  (path: string): boolean =>
    paths.includes(path);

describe('findChromium', () => {
  it('finds Debian’s Chromium when nothing else is named', () => {
    expect(findChromium({}, only(debianChromiumPath))).toEqual({ found: true, path: debianChromiumPath });
  });

  it('prefers the binary CHROMIUM_PATH names', () => {
    const lookup = findChromium(
      { CHROMIUM_PATH: '/opt/chrome/chrome' },
      only('/opt/chrome/chrome', debianChromiumPath),
    );
    expect(lookup).toEqual({ found: true, path: '/opt/chrome/chrome' });
  });

  it('refuses a CHROMIUM_PATH that names no file instead of falling back', () => {
    const lookup = findChromium({ CHROMIUM_PATH: '/nowhere/chromium' }, only(debianChromiumPath));
    expect(lookup).toEqual({
      found: false,
      problem: 'CHROMIUM_PATH=/nowhere/chromium names no file: point it at a Chromium binary',
    });
  });

  it('names the install command and the variable when there is no Chromium', () => {
    const lookup = findChromium({}, only());
    expect(lookup.found).toBe(false);
    expect(lookup.found ? '' : lookup.problem).toContain(chromiumInstallCommand);
    expect(lookup.found ? '' : lookup.problem).toContain('CHROMIUM_PATH');
  });
});

describe('chromiumSetupAction', () => {
  const missing = { found: false, problem: 'no Chromium' } as const;
  const machine = { isRoot: true, hasAptGet: true, pathNamed: false };

  it('does nothing when a Chromium is found', () => {
    expect(chromiumSetupAction({ found: true, path: debianChromiumPath }, machine)).toBe('nothing');
  });

  it('installs Debian’s package as root with apt-get, as CI does', () => {
    expect(chromiumSetupAction(missing, machine)).toBe('install');
  });

  it.each([
    ['not root', { ...machine, isRoot: false }],
    ['without apt-get', { ...machine, hasAptGet: false }],
    ['with a CHROMIUM_PATH that names nothing', { ...machine, pathNamed: true }],
  ])('explains instead of installing when %s', (_case, situation) => {
    expect(chromiumSetupAction(missing, situation)).toBe('explain');
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The repository stands alone: a fresh clone holds everything its files refer to. Nothing may point at notes kept
 * beside it, at the machine it was written on, or climb out of it with a relative link.
 */
const root = resolve(import.meta.dirname, '..', '..', '..');
const trackedFiles = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((file) => file !== '' && existsSync(join(root, file)));

// Built from parts so that this file does not match itself.
const outsideReferences: readonly [RegExp, string][] = [
  [new RegExp(['\\.\\.', 'shared'].join('/')), 'a sibling folder beside the repository'],
  [new RegExp(['shared', 'docs'].join('/')), 'notes kept outside the repository'],
  [new RegExp(['', 'work', ''].join('/')), 'the workspace this was written in'],
  [new RegExp(`(^|[\\s'"\`(=])${['', 'home', '[a-z]'].join('/')}`), 'a home directory'],
  [new RegExp(['', 'Users', ''].join('/')), 'a home directory'],
  [new RegExp(`(^|[\\s'"\`(=])${['', 'root', ''].join('/')}`), 'the root user’s home'],
];

/** Files that are not text we write (the lockfile lists registry URLs; images and archives are binary). */
const skipped = (file: string): boolean => file === 'package-lock.json' || /\.(png|jpe?g|gz|ico)$/.test(file);

function findings(): string[] {
  const found: string[] = [];
  for (const file of trackedFiles.filter((name) => !skipped(name))) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      for (const [pattern, what] of outsideReferences)
        if (pattern.test(line)) found.push(`${file}:${index + 1}: points at ${what}: ${line.trim()}`);
    });
  }
  return found;
}

/** Relative Markdown links (`[text](path)`) whose target lies outside the repository or does not exist. */
function brokenMarkdownLinks(): string[] {
  const found: string[] = [];
  for (const file of trackedFiles.filter((name) => name.endsWith('.md'))) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = (match[1] ?? '').split('#')[0] ?? '';
      if (target === '' || /^[a-z]+:/i.test(target)) continue;
      const path = resolve(root, dirname(file), target);
      const inside = !relative(root, path).startsWith(`..${sep}`) && relative(root, path) !== '..';
      if (!inside) found.push(`${file}: link ${target} leaves the repository`);
      else if (!existsSync(path)) found.push(`${file}: link ${target} names no file`);
    }
  }
  return found;
}

describe('the repository stands alone', () => {
  it('scans the tracked files (the scan itself works)', () => {
    expect(trackedFiles).toContain('README.md');
    expect(trackedFiles.length).toBeGreaterThan(100);
  });

  it('has no file that refers to a place outside it', () => {
    expect(findings()).toEqual([]);
  });

  it('has no Markdown link that leaves it or names a missing file', () => {
    expect(brokenMarkdownLinks()).toEqual([]);
  });
});

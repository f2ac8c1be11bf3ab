import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inputFilesContentDigest, inputFilesDigest, type InputFiles } from '#local/runner/input-files-digest.ts';

/** Later than any file written by the test by more than the racy window: the stamps may be saved. */
const settled = (): number => Date.now() + 60_000;

describe('the digest of input files, reused while their stamps are unchanged', () => {
  let root: string;
  let inputs: InputFiles;
  let stampFile: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'input-digest-'));
    mkdirSync(join(root, 'src', 'nested'), { recursive: true });
    writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'src', 'nested', 'b.ts'), 'export const b = 2;\n');
    writeFileSync(join(root, 'src', 'notes.md'), 'not an input\n');
    writeFileSync(join(root, 'config.json'), '{}\n');
    inputs = { root, directories: ['src'], files: ['config.json'] };
    stampFile = join(root, 'cache', 'stamps.json');
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('equals the digest of the contents, and reuses it from the saved stamps', () => {
    const first = inputFilesDigest(inputs, { stampFile, now: settled() });
    expect(first).toBe(inputFilesContentDigest(inputs));
    // The saved digest is what a second call returns, without hashing: a planted digest proves it is read.
    const saved = JSON.parse(readFileSync(stampFile, 'utf8')) as { stamps: string; digest: string };
    writeFileSync(stampFile, JSON.stringify({ ...saved, digest: 'from-the-stamps' }));
    expect(inputFilesDigest(inputs, { stampFile, now: settled() })).toBe('from-the-stamps');
  });

  it('hashes again after an edit of the same size, even with the modification time put back', () => {
    const before = inputFilesDigest(inputs, { stampFile, now: settled() });
    const file = join(root, 'src', 'nested', 'b.ts');
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'export const b = 3;\n');
    utimesSync(file, atime, mtime);

    const after = inputFilesDigest(inputs, { stampFile, now: settled() });

    expect(after).not.toBe(before);
    expect(after).toBe(inputFilesContentDigest(inputs));
  });

  it('changes with an added, a removed or a renamed input, and ignores other files', () => {
    const digests = [inputFilesDigest(inputs, { stampFile, now: settled() })];
    writeFileSync(join(root, 'src', 'notes.md'), 'still not an input, longer\n');
    expect(inputFilesDigest(inputs, { stampFile, now: settled() })).toBe(digests[0]);
    writeFileSync(join(root, 'src', 'c.ts'), '');
    digests.push(inputFilesDigest(inputs, { stampFile, now: settled() }));
    rmSync(join(root, 'src', 'a.ts'));
    digests.push(inputFilesDigest(inputs, { stampFile, now: settled() }));
    writeFileSync(join(root, 'src', 'd.ts'), readFileSync(join(root, 'src', 'c.ts')));
    rmSync(join(root, 'src', 'c.ts'));
    digests.push(inputFilesDigest(inputs, { stampFile, now: settled() }));

    expect(new Set(digests).size).toBe(digests.length);
    expect(digests.at(-1)).toBe(inputFilesContentDigest(inputs));
  });

  it('saves no stamps while an input is young enough to change again within one clock tick', () => {
    const digest = inputFilesDigest(inputs, { stampFile, now: Date.now() });
    expect(digest).toBe(inputFilesContentDigest(inputs));
    expect(() => statSync(stampFile)).toThrow();
  });

  it('hashes the contents when the stamps are unreadable', () => {
    mkdirSync(join(root, 'cache'));
    writeFileSync(stampFile, '{ not json');
    expect(inputFilesDigest(inputs, { stampFile, now: settled() })).toBe(inputFilesContentDigest(inputs));
  });
});

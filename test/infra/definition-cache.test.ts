import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractStateMachineDefinition, synthesizeTemplate } from '#infra/definition.ts';
import { repoPath } from '#infra/paths.ts';
import { cachedDefinitionPath, definitionCacheKey, loadDeployedDefinition } from '#local/runner/definition.ts';

const cacheDirectory = repoPath('node_modules', '.cache', 'lead-session-maintenance');

/** The local runner keeps the synthesized definition between runs; it must stay the one the code synthesizes. */
describe('the cached deployed definition', () => {
  it('is exactly a fresh synthesis, and is kept under its inputs digest', () => {
    // Prepare
    const context = { mapMaxConcurrency: 6 };
    const fresh = extractStateMachineDefinition(synthesizeTemplate(context)).definition;

    // Act: the first call may synthesize and write, the second reads the cache.
    const first = loadDeployedDefinition(context);
    const second = loadDeployedDefinition(context);

    // Assess
    expect(first).toEqual(fresh);
    expect(second).toEqual(fresh);
    const cached = join(cacheDirectory, `definition-${definitionCacheKey(context)}.json`);
    expect(cachedDefinitionPath(context)).toBe(cached);
    expect(existsSync(cached)).toBe(true);
  });

  it('has the same key whether the input stamps are reused or the contents hashed again', () => {
    const key = definitionCacheKey({});
    expect(definitionCacheKey({})).toBe(key);
    rmSync(join(cacheDirectory, 'synthesis-input-stamps.json'), { force: true });
    expect(definitionCacheKey({})).toBe(key);
  });

  it('is looked up under another key once an input file is edited, even to the same size and mtime', async () => {
    // Prepare: the synthesis inputs' layout in a scratch root, left alone past the racy-stamp window (2 s) so that
    // the stamps are saved and the second lookup reuses them.
    const root = mkdtempSync(join(tmpdir(), 'definition-inputs-'));
    try {
      const inputs = {
        'infra/stack.ts': 'export const retries = 2;\n',
        'shared/core/plan.ts': 'export const days = 30;\n',
        'functions/handler.ts': 'export {};\n',
        'lib/index.ts': 'export {};\n',
        'cdk.json': '{}\n',
        'package-lock.json': '{}\n',
      };
      for (const [file, content] of Object.entries(inputs)) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), content);
      }
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const context = { mapMaxConcurrency: 6 };
      const before = cachedDefinitionPath(context, root);
      expect(cachedDefinitionPath(context, root)).toBe(before);
      expect(
        existsSync(join(root, 'node_modules', '.cache', 'lead-session-maintenance', 'synthesis-input-stamps.json')),
      ).toBe(true);

      // Act: edit one input to the same size, and put its modification time back.
      const edited = join(root, 'shared/core/plan.ts');
      const { atime, mtime } = statSync(edited);
      writeFileSync(edited, 'export const days = 31;\n');
      utimesSync(edited, atime, mtime);
      const after = cachedDefinitionPath(context, root);

      // Assess: another key, and a stable one.
      expect(after).not.toBe(before);
      expect(cachedDefinitionPath(context, root)).toBe(after);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('changes its key with the context, and with the CDK environment', () => {
    const before = process.env.CDK_DEFAULT_REGION;
    const base = definitionCacheKey({});
    expect(definitionCacheKey({})).toBe(base);
    expect(definitionCacheKey({ mapMaxConcurrency: 7 })).not.toBe(base);
    process.env.CDK_DEFAULT_REGION = `${before ?? ''}-changed`;
    try {
      expect(definitionCacheKey({})).not.toBe(base);
    } finally {
      if (before === undefined) delete process.env.CDK_DEFAULT_REGION;
      else process.env.CDK_DEFAULT_REGION = before;
    }
  });
});

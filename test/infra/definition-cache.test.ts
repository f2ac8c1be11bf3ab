import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractStateMachineDefinition, synthesizeTemplate } from '#infra/definition.ts';
import { repoPath } from '#infra/paths.ts';
import { definitionCacheKey, loadDeployedDefinition } from '#local/runner/definition.ts';

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
    const cached = join(
      repoPath('node_modules', '.cache', 'lead-session-maintenance'),
      `definition-${definitionCacheKey(context)}.json`,
    );
    expect(existsSync(cached)).toBe(true);
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

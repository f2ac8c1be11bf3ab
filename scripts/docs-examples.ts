import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { replaceExampleRegion } from './docs-examples/regions.ts';

/**
 * `npm run docs:examples`: runs the README's example commands for real and writes their output into README.md
 * between its example markers, so the examples show what the code prints today.
 *
 * Local examples run in a scratch folder (a fresh demo database and reports), remote ones against the mocked AWS
 * APIs and local S3 server the tests use (there is no AWS account here).
 */
const repository = resolve(import.meta.dirname, '..');
const readmePath = join(repository, 'README.md');

interface Example {
  readonly shown: string;
  readonly script: string;
  readonly args: readonly string[];
}

const cli = (...args: string[]): Example => ({
  shown: `npm run cleanup:sessions -- ${args.join(' ')}`,
  script: 'scripts/cleanup-sessions.ts',
  args,
});

const localExamples: readonly Example[] = [
  { shown: 'npm run demo', script: 'scripts/demo.ts', args: [] },
  cli('--dry-run'),
  cli('status'),
  cli('leads', 'list', '--with-sessions', '--limit', '5'),
  cli('report', 'show'),
];

function run(script: string, args: readonly string[], cwd: string): { text: string; code: number } {
  // The examples show the defaults: the embedded database, the default settings.
  const unset = new Set(['MONGODB_URI', 'MONGODB_DATABASE', 'DEMO_LEADS', 'DEMO_SEED', 'BATCH_SIZE']);
  const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !unset.has(name)));
  const result = spawnSync(process.execPath, [join(repository, script), ...args], {
    cwd,
    env: environment,
    encoding: 'utf8',
    timeout: 900_000,
  });
  if (result.error) throw result.error;
  return { text: `${result.stderr}${result.stdout}`, code: result.status ?? 1 };
}

function block(text: string): string {
  return `\`\`\`\n${text.trimEnd()}\n\`\`\``;
}

async function localBlocks(): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), 'docs-examples-'));
  const scratchPath = await realpath(scratch);
  try {
    const blocks: string[] = [];
    for (const example of localExamples) {
      process.stderr.write(`running ${example.shown}...\n`);
      const { text, code } = run(example.script, example.args, scratchPath);
      if (code !== 0 && code !== 3) throw new Error(`${example.shown} exited ${code}:\n${text}`);
      // Paths in the scratch folder read as they would in the project folder.
      const shown = text.replaceAll(scratchPath, '.').replaceAll(scratch, '.');
      blocks.push(block(`$ ${example.shown}\n${shown.trimEnd()}\n(exit ${code})`));
    }
    return blocks.join('\n\n');
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function remoteBlocks(): string {
  process.stderr.write('running the remote examples against mocked AWS APIs...\n');
  const { text, code } = run('test/integration/remote/support/readme-examples.ts', [], repository);
  if (code !== 0) throw new Error(`the remote examples exited ${code}:\n${text}`);
  return text
    .trim()
    .split(/\n\n(?=\$ )/)
    .map(block)
    .join('\n\n');
}

let readme = await readFile(readmePath, 'utf8');
readme = replaceExampleRegion(readme, 'local', await localBlocks());
readme = replaceExampleRegion(readme, 'remote', remoteBlocks());
await writeFile(readmePath, readme);
process.stderr.write('README.md: examples written\n');

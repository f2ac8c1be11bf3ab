import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArguments } from '#local/embedded-mongo/cli-arguments.ts';

const script = join(import.meta.dirname, '../../../scripts/db-embedded.ts');

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: string[], onListening?: (uri: string) => Promise<void>): Promise<Finished> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const uri = /listening on (mongodb:\/\/\S+)/.exec(stdout)?.[1];
    if (uri !== undefined && onListening !== undefined) {
      const callback = onListening;
      onListening = undefined;
      void callback(uri).finally(() => child.kill('SIGTERM'));
    }
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('db:embedded command line', () => {
  it.each([
    { argv: [], expected: { port: 27017, dataDir: undefined, help: false } },
    {
      argv: ['--port', '0', '--data-dir', '.embedded-mongo'],
      expected: { port: 0, dataDir: '.embedded-mongo', help: false },
    },
    { argv: ['--port=28000', '--help'], expected: { port: 28000, dataDir: undefined, help: true } },
  ])('parses $argv', ({ argv, expected }) => {
    // Act
    const options = parseCliArguments(argv);

    // Assess
    expect(options).toEqual(expected);
  });

  it.each([
    { argv: ['--verbose'], message: "unknown argument '--verbose'" },
    { argv: ['--port', 'abc'], message: "--port needs a whole number from 0 to 65535, got 'abc'" },
    { argv: ['--port', '70000'], message: '--port needs a whole number' },
    { argv: ['--data-dir'], message: '--data-dir needs a directory' },
  ])('refuses $argv with a clear message', ({ argv, message }) => {
    // Act
    const parse = (): unknown => parseCliArguments(argv);

    // Assess
    expect(parse).toThrow(CliUsageError);
    expect(parse).toThrow(message);
  });

  it('exits with code 2 and names the problem for an unknown flag', async () => {
    // Act
    const finished = await run(['--nope']);

    // Assess
    expect(finished.code).toBe(2);
    expect(finished.stderr).toContain("unknown argument '--nope'");
  });

  it('serves until SIGTERM, then saves its data and exits with code 0', async () => {
    // Prepare
    const dataDir = await mkdtemp(join(tmpdir(), 'db-embedded-cli-'));

    // Act
    const finished = await run(['--port', '0', '--data-dir', dataDir], async (uri) => {
      const client = await new MongoClient(uri).connect();
      await client.db('cli').collection('items').insertOne({ saved: true });
      await client.close();
    });
    const files = await readdir(join(dataDir, 'cli'));
    await rm(dataDir, { recursive: true, force: true });

    // Assess
    expect(finished.code).toBe(0);
    expect(finished.stdout).toMatch(/^Embedded MongoDB-compatible server listening on mongodb:\/\/127\.0\.0\.1:\d+\n/);
    expect(finished.stdout).toContain('For development and tests only');
    expect(files.sort()).toEqual(['items.bson', 'items.meta.json']);
  });
});

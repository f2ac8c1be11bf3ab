/**
 * `npm run test:mongosh`: drives the mongosh CLI (npm package, pinned below) against the embedded server. mongosh is
 * not a dev dependency because its install takes minutes; it is installed once into node_modules/.cache/mongosh
 * (gone after `npm ci`, then installed again) and its CLI path handed to the test in MONGOSH_CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const mongoshVersion = '2.12.0';
const installDirectory = resolve('node_modules/.cache/mongosh');
const cli = join(installDirectory, 'node_modules/mongosh/bin/mongosh.js');

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.status ?? 1;
}

if (!existsSync(cli)) {
  console.log(`Installing mongosh ${mongoshVersion} into ${installDirectory} (once; this takes a few minutes)...`);
  mkdirSync(installDirectory, { recursive: true });
  writeFileSync(join(installDirectory, 'package.json'), JSON.stringify({ name: 'mongosh-for-tests', private: true }));
  const status = run('npm', [
    'install',
    '--prefix',
    installDirectory,
    '--no-audit',
    '--no-fund',
    `mongosh@${mongoshVersion}`,
  ]);
  if (status !== 0 || !existsSync(cli)) {
    console.error(`Installing mongosh failed (npm exit code ${String(status)}); the test cannot run without it.`);
    process.exit(status === 0 ? 1 : status);
  }
}

process.exit(run('npx', ['vitest', 'run', '--project', 'mongosh'], { ...process.env, MONGOSH_CLI: cli }));

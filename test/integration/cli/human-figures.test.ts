import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppIndexes, seedLeads } from '#local/demo/seed.ts';
import { startEmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { embeddedDatabase } from '#local/runner/local-environment.ts';
import { runCli, type CliOutcome } from '../security/cli-process.ts';

/**
 * Every human-readable output of the command line, run as an operator runs it (a child process), formats its
 * figures: no raw float such as 0.9993044284720612, no count above 999 without separators, no JSON object.
 */
let dataDir: string;
let reportsDir: string;
const outcomes: CliOutcome[] = [];

const rawFloat = /\d\.\d{4,}/;
// A number of four or more digits without separators, outside run ids, timestamps and paths.
const unseparatedCount = /(?<![\w/.:-])\d{4,}(?![\w/.:-])/;

function cli(args: string[]): Promise<CliOutcome> {
  return runCli([...args, '--data-dir', dataDir, '--reports-dir', reportsDir], { MONGODB_URI: undefined });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'human-figures-'));
  reportsDir = await mkdtemp(join(tmpdir(), 'human-figures-reports-'));
  const mongo = await startEmbeddedMongo({ port: 0, dataDir });
  const client = await new MongoClient(mongo.uri).connect();
  const leads = client.db(embeddedDatabase).collection('leads');
  await seedLeads(leads, { seed: 77, leadCount: 1200, now: new Date(), cookiesPerSession: { min: 0, max: 8 } });
  await createAppIndexes(leads);
  await client.close();
  await mongo.stop();
  for (const args of [
    ['--type', 'daily', '--dry-run'],
    ['--type', 'daily', '--batch-size', '400'],
    ['--type', 'weekly'],
    ['--type', 'monthly', '--batch-size', '400'],
    ['report', 'show'],
    ['report', 'show', '--job', 'daily'],
    ['report', 'show', '--job', 'weekly'],
    ['status'],
  ]) {
    outcomes.push(await cli(args));
  }
}, 300_000);
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(reportsDir, { recursive: true, force: true });
});

describe('human-readable figures on the command line', () => {
  it('ran every command successfully', () => {
    for (const outcome of outcomes) expect(outcome.code, `${outcome.args.join(' ')}\n${outcome.stderr}`).toBe(0);
  });

  it('prints no raw float, no unseparated count and no JSON object in any human output', () => {
    for (const outcome of outcomes) {
      const label = outcome.args.join(' ');
      expect(outcome.stdout, label).not.toMatch(rawFloat);
      expect(outcome.stdout, label).not.toMatch(/[{}]/);
      for (const line of outcome.stdout.split('\n')) {
        if (/report: |HTML: |database: /.test(line)) continue;
        expect(line, label).not.toMatch(unseparatedCount);
      }
    }
  });

  it('shows the monthly health score as a percentage and the latency percentiles with their sample size', () => {
    const monthly = outcomes.find(
      (outcome) => outcome.args.slice(0, 2).join(' ') === 'report show' && outcome.args[2] === '--data-dir',
    );
    expect(monthly?.stdout).toMatch(/health score: \d{1,3}\.\d %/);
    expect(monthly?.stdout).toMatch(/batch reads: p50 [\d,]+ ms, p95 [\d,]+ ms over 3 batches/);
    expect(monthly?.stdout).toMatch(/leads: 1,200, [\d,]+ with sessions/);
  });
});

/// <reference lib="dom" />
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '#local/cli/dispatch.ts';
import { startEmbeddedMongo } from '#local/embedded-mongo/index.ts';
import { embeddedDatabase } from '#local/runner/local-environment.ts';
import { isCompressed, payloadFieldNames, planCompression } from '#shared/core/codec/index.ts';
import type { StorageState } from '#shared/core/storage-state.ts';
import { launchChromium } from '../../support/chromium.ts';
import { cookie, lead, session } from '../../support/lead-fixtures.ts';

let dataDir: string;
let server: Server;
let origin: string;
/** Launched only by the test that loads a session into a browser: the others need no Chromium. */
let browser: Browser | null = null;

/** A history session as the weekly job leaves it: payload fields replaced by a compressed blob. */
function compressed(entry: Record<string, unknown>): Record<string, unknown> {
  const plan = planCompression(entry, { compressedAt: new Date('2026-11-22T03:00:00Z') });
  if (!plan.compress) throw new Error(`fixture not compressible: ${plan.reason}`);
  const rest = Object.fromEntries(
    Object.entries(entry).filter(([field]) => !(payloadFieldNames as readonly string[]).includes(field)),
  );
  return { ...rest, compressedPayload: plan.compressed };
}

// Repetitive enough for the codec to save bytes (it leaves a session alone otherwise).
const offers = JSON.stringify(Array.from({ length: 40 }, (_, id) => ({ id, title: 'Premium offer', currency: 'EUR' })));
const future = new Date(Date.now() + 7 * 86_400_000);
let exported: ReturnType<typeof lead>;
let olderId: string;
let currentId: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    response.setHeader('content-type', 'text/html');
    response.end(`<html><body><pre id="cookies">${request.headers.cookie ?? ''}</pre></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Prepare: the embedded database on disk, as the demo leaves it, with one lead whose older session is compressed.
  dataDir = await mkdtemp(join(tmpdir(), 'session-export-'));
  const older = session('older', {
    ageDays: 12,
    cookies: [
      cookie('sid', 'older-sid', { domain: '127.0.0.1', secure: false, expires: future }),
      cookie('csrf', 'tok3n', { domain: '127.0.0.1', secure: false, httpOnly: false }),
    ],
    localStorage: { 'persist:root': '{"auth":"{\\"token\\":\\"t\\"}"}', lang: 'de', 'cache:offers': offers },
    sessionStorage: { tab: '3' },
    extra: { metadata: { domain: origin } },
  });
  const current = session('current', {
    cookies: [cookie('sid', 'current-sid', { domain: '127.0.0.1', secure: false })],
    localStorage: { lang: 'en' },
    extra: { metadata: { domain: origin } },
  });
  olderId = older.sessionId as string;
  currentId = current.sessionId as string;
  exported = lead({ current, history: [compressed(older)] });
  const mongo = await startEmbeddedMongo({ port: 0, dataDir });
  const client = await new MongoClient(mongo.uri).connect();
  await client.db(embeddedDatabase).collection('leads').insertOne(exported);
  const stored = await client.db(embeddedDatabase).collection('leads').findOne({ _id: exported._id });
  expect(isCompressed((stored?.sessionHistory as unknown[])[0])).toBe(true);
  await client.close();
  await mongo.stop();
});
afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function cli(argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli([...argv, '--data-dir', dataDir], {
    io: {
      stdout: { write: (text: string) => stdout.push(text) },
      stderr: { write: (text: string) => stderr.push(text) },
      interactive: false,
    },
    environment: {},
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('session export', () => {
  it('prints a compressed session as storageState that loads into Chromium', async () => {
    // Act
    const { code, stdout } = await cli([
      'session',
      'export',
      '--lead',
      exported._id.toHexString(),
      '--session',
      olderId,
    ]);

    // Assess
    expect(code).toBe(0);
    const state = JSON.parse(stdout) as StorageState;
    expect(state.origins[0]?.sessionStorage).toEqual([{ name: 'tab', value: '3' }]);
    browser = await launchChromium();
    const context = await browser.newContext({ storageState: state });
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    expect(await page.textContent('#cookies')).toBe('sid=older-sid; csrf=tok3n');
    expect(await page.evaluate(() => window.localStorage.getItem('persist:root'))).toBe(
      '{"auth":"{\\"token\\":\\"t\\"}"}',
    );
    expect(await page.evaluate(() => window.localStorage.getItem('lang'))).toBe('de');
    expect(await page.evaluate(() => window.localStorage.getItem('cache:offers'))).toBe(offers);
    expect(await page.evaluate(() => document.cookie)).toBe('csrf=tok3n'); // httpOnly stays out of reach of scripts
    await context.close();
  });

  it('exports the current session by default, to --out with owner-only permissions', async () => {
    const out = join(dataDir, 'current.json');
    const { code, stdout, stderr } = await cli([
      'session',
      'export',
      '--lead',
      exported._id.toHexString(),
      '--out',
      out,
    ]);

    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `wrote session ${currentId} of lead ${exported._id.toHexString()} to ${out}: 1 cookies, 1 origins`,
    );
    const state = JSON.parse(await readFile(out, 'utf8')) as StorageState;
    expect(state.cookies.map((entry) => entry.value)).toEqual(['current-sid']);
    expect(state.origins[0]?.localStorage).toEqual([{ name: 'lang', value: 'en' }]);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
  });

  it('lists the available session ids when the session is not stored', async () => {
    const { code, stderr } = await cli([
      'session',
      'export',
      '--lead',
      exported._id.toHexString(),
      '--session',
      'nope',
    ]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `lead ${exported._id.toHexString()}: session nope is not stored in the lead (available: ${currentId}, ${olderId})\n`,
    );
  });

  it('says when the lead does not exist', async () => {
    const { code, stderr } = await cli(['session', 'export', '--lead', 'ffffffffffffffffffffffff']);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^lead ffffffffffffffffffffffff not found in embedded database in .+ \(database lead_session_demo\)\n$/,
    );
  });

  it('refuses an invalid lead id before opening the database', async () => {
    const { code, stderr } = await cli(['session', 'export', '--lead', 'not-an-id']);
    expect(code).toBe(2);
    expect(stderr).toBe('error: --lead expects a 24-hex-digit lead id, got "not-an-id"\n');
  });
});

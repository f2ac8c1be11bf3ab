/// <reference lib="dom" />
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toStorageState } from '#shared/core/storage-state.ts';
import { launchChromium } from '../../support/chromium.ts';
import { cookie, session } from '../../support/lead-fixtures.ts';

let browser: Browser;
let server: Server;
let port: number;

beforeAll(async () => {
  browser = await launchChromium();
  server = createServer((request, response) => {
    response.setHeader('content-type', 'text/html');
    response.end(`<html><body><pre id="cookies">${request.headers.cookie ?? ''}</pre></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await browser?.close();
  // A failed launch leaves no server: closing nothing must not wait for a callback that never comes.
  if (server) await new Promise((resolve) => server.close(resolve));
});

describe('an exported session in a real browser', () => {
  it('loads in Playwright: cookies are sent and localStorage is readable', async () => {
    const future = new Date(Math.floor(Date.now() / 1000) + 86_400);
    const stored = session('agent', {
      cookies: [
        cookie('sid', 'abc123', { domain: '127.0.0.1', secure: false, expires: future }),
        cookie('pref', 'dark', { domain: '127.0.0.1', secure: false }),
      ],
      localStorage: { 'persist:root': '{"auth":"{\\"token\\":\\"t\\"}"}', 'a.b': '1' },
      extra: { metadata: { domain: `http://127.0.0.1:${port}` } },
    });
    const context = await browser.newContext({ storageState: toStorageState(stored) });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    expect(await page.textContent('#cookies')).toBe('sid=abc123; pref=dark');
    expect(await page.evaluate(() => window.localStorage.getItem('persist:root'))).toBe(
      '{"auth":"{\\"token\\":\\"t\\"}"}',
    );
    expect(await page.evaluate(() => window.localStorage.getItem('a.b'))).toBe('1');
    await context.close();
  });
});

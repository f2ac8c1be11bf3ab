import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ConnectionString } from 'mongodb-connection-string-url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionBundleSettings } from '#infra/functions/function-bundle-settings.ts';
import { repoRoot } from '#infra/paths.ts';

type ConnectionStringClass = typeof ConnectionString;

const workDirectory = mkdtempSync(join(tmpdir(), 'lsm-bundle-test-'));
let bundled: ConnectionStringClass;
let bundleText = '';

// The driver's connection-string parser, bundled with the functions' settings (whatwg-url -> Node's URL).
beforeAll(async () => {
  const outfile = join(workDirectory, 'connection-string.mjs');
  const result = await build({
    stdin: { contents: "export { ConnectionString } from 'mongodb-connection-string-url';", resolveDir: repoRoot },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    banner: { js: functionBundleSettings.banner },
    alias: { ...functionBundleSettings.alias },
    external: [...functionBundleSettings.external],
    absWorkingDir: repoRoot,
    metafile: true,
    logLevel: 'error',
  });
  bundleText = Object.keys(result.metafile.inputs).join('\n');
  bundled = ((await import(pathToFileURL(outfile).href)) as { ConnectionString: ConnectionStringClass })
    .ConnectionString;
}, 60_000);
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

const connectionStrings = [
  'mongodb://localhost:27017/crm',
  'mongodb+srv://maintenance:p%40ss%2Fw0rd@cluster0.example.net/crm?retryWrites=true&w=majority',
  'mongodb://user:pw@host-a:27017,host-b:27018,host-c/db?replicaSet=rs0&readPreference=secondaryPreferred',
  'mongodb://[::1]:27017,[fe80::1]:27018/?directConnection=false',
  'mongodb://%2Ftmp%2Fmongodb-27017.sock/admin',
  'mongodb://bücher.example:27017/crm?appName=maintenance%20run',
];

describe('the function bundle settings', () => {
  it('leave tr46 and whatwg-url out of the bundle', () => {
    expect(bundleText).not.toMatch(/node_modules\/(tr46|whatwg-url)\//);
    expect(bundleText).toMatch(/functions\/bundle-shims\/whatwg-url\.ts/);
  });

  it.each(connectionStrings)('parse %s as the unbundled driver does', (uri) => {
    // Act
    const parse = (Parser: ConnectionStringClass) => {
      const parsed = new Parser(uri);
      return {
        hosts: parsed.hosts,
        username: parsed.username,
        password: parsed.password,
        pathname: parsed.pathname,
        search: [...parsed.searchParams.entries()],
        isSRV: parsed.isSRV,
        text: parsed.toString(),
      };
    };

    // Assess
    expect(parse(bundled)).toEqual(parse(ConnectionString));
  });

  it.each(['mongodb://host:port/db', 'http://localhost', 'mongodb://a:1/db?x=%zz'])(
    'refuse %s as the driver does',
    (uri) => {
      const outcome = (Parser: ConnectionStringClass) => {
        try {
          return `parsed: ${new Parser(uri).toString()}`;
        } catch (error) {
          return `refused: ${(error as Error).name}`;
        }
      };
      expect(outcome(bundled)).toBe(outcome(ConnectionString));
    },
  );
});

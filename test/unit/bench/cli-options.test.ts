import { describe, expect, it } from 'vitest';
import { warmUpDatabases } from '../../../bench/support/run-databases.ts';
import { parseBenchOptions } from '../../../bench/support/cli-options.ts';
import { describeTarget, proxyRoute } from '../../../bench/support/external-database.ts';

describe('bench command line: --mongodb-uri and --only weekly', () => {
  it('runs on the embedded server when --mongodb-uri is not given', () => {
    // Act
    const options = parseBenchOptions(['--only', 'daily']);

    // Assess
    expect(options?.mongodbUri).toBeNull();
  });

  it.each([
    'mongodb://db.example:27017',
    'mongodb://user:secret@db.example/?authSource=admin',
    'mongodb+srv://c.example',
  ])('accepts the connection string %s as given', (uri) => {
    // Act
    const options = parseBenchOptions(['--mongodb-uri', uri]);

    // Assess
    expect(options?.mongodbUri).toBe(uri);
  });

  it.each(['db.example:27017', 'http://db.example', 'mongodb://', ''])(
    'refuses "%s" without echoing it (it may hold a password)',
    (uri) => {
      // Act
      const parse = (): unknown => parseBenchOptions(['--mongodb-uri', uri]);

      // Assess
      expect(parse).toThrow(/--mongodb-uri must be a connection string/);
    },
  );

  it('knows the weekly part, and runs it by default', () => {
    // Act
    const weeklyOnly = parseBenchOptions(['--only', 'weekly', '--weekly-leads', '10000']);
    const everything = parseBenchOptions([]);

    // Assess
    expect(weeklyOnly?.parts).toEqual(['weekly']);
    expect(weeklyOnly?.weeklyLeads).toBe(10_000);
    expect(everything?.parts).toContain('weekly');
  });
});

describe('bench command line: --warm-up-leads', () => {
  it('warms each server up on 3,000 leads by default, and measures cold processes with 0', () => {
    // Act
    const byDefault = parseBenchOptions([]);
    const cold = parseBenchOptions(['--warm-up-leads', '0']);

    // Assess
    expect(byDefault?.warmUpLeads).toBe(3000);
    expect(cold?.warmUpLeads).toBe(0);
  });

  it('refuses a count that is not a whole number from 0 to 100,000, naming the flag', () => {
    expect(() => parseBenchOptions(['--warm-up-leads=-1'])).toThrow(/--warm-up-leads must be a whole number/);
    expect(() => parseBenchOptions(['--warm-up-leads', '2.5'])).toThrow(/--warm-up-leads must be a whole number/);
  });

  it('warms up with two runs by default, each on its own copy; from 1 to 5 runs', () => {
    // Act
    const byDefault = parseBenchOptions([]);
    const once = parseBenchOptions(['--warm-up-runs', '1']);

    // Assess
    expect(byDefault?.warmUpRuns).toBe(2);
    expect(once?.warmUpRuns).toBe(1);
    expect(warmUpDatabases(3)).toEqual(['warmup1', 'warmup2', 'warmup3']);
    expect(() => parseBenchOptions(['--warm-up-runs', '0'])).toThrow(/--warm-up-runs must be a whole number/);
    expect(() => parseBenchOptions(['--warm-up-runs', '6'])).toThrow(/--warm-up-runs must be a whole number/);
  });
});

describe('bench against a real MongoDB: counting proxy and target description', () => {
  it('routes a single plain server through the proxy, keeping credentials and options', () => {
    // Act
    const route = proxyRoute('mongodb://user:secret@db.example:27018/admin?authSource=admin&replicaSet=rs0');

    // Assess
    expect(route?.host).toBe('db.example');
    expect(route?.port).toBe(27018);
    const proxied = new URL(route?.proxiedUri(40000) ?? '');
    expect(proxied.host).toBe('127.0.0.1:40000');
    expect(proxied.username).toBe('user');
    expect(proxied.searchParams.get('authSource')).toBe('admin');
    expect(proxied.searchParams.get('directConnection')).toBe('true');
    expect(proxied.searchParams.has('replicaSet')).toBe(false);
  });

  it('defaults the port to 27017', () => {
    expect(proxyRoute('mongodb://db.example')?.port).toBe(27017);
  });

  it.each([
    'mongodb+srv://cluster.example',
    'mongodb://a.example:27017,b.example:27017',
    'mongodb://db.example/?tls=true',
    'mongodb://db.example/?loadBalanced=true',
  ])('does not proxy %s (wire bytes are then n/a)', (uri) => {
    expect(proxyRoute(uri)).toBeNull();
  });

  it('describes the target by its hosts only', () => {
    expect(describeTarget('mongodb://user:secret@a.example:1,b.example:2/db?x=y')).toBe(
      'MongoDB at a.example:1,b.example:2',
    );
    expect(describeTarget('mongodb+srv://u:p@cluster.example/db')).toBe('MongoDB at mongodb+srv://cluster.example');
  });
});

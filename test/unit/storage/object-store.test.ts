import { describe, expect, it } from 'vitest';
import { assertKeyIsSafe, assertPrefixIsSafe, compareKeys, keyIsSafe } from '#shared/storage/object-store.ts';

describe('keyIsSafe', () => {
  it.each(['a', 'reports/latest/daily.json', 'archive/run-1/batch-00000.ejson.gz', '.hidden/x', 'a..b/c'])(
    'accepts the relative path %j',
    (key) => {
      expect(keyIsSafe(key)).toBe(true);
    },
  );

  it.each([
    ['empty', ''],
    ['parent segment', 'reports/../secrets'],
    ['leading parent segment', '../x'],
    ['trailing parent segment', 'a/..'],
    ['current-directory segment', 'a/./b'],
    ['absolute path', '/etc/passwd'],
    ['backslash', 'reports\\latest.json'],
    ['Windows parent path', '..\\x'],
    ['empty segment', 'a//b'],
    ['trailing slash', 'reports/'],
    ['NUL', 'a\0b'],
  ])('rejects a key with a %s', (_case, key) => {
    expect(keyIsSafe(key)).toBe(false);
  });
});

describe('assertKeyIsSafe and assertPrefixIsSafe', () => {
  it('names the rejected key in the error', () => {
    expect(() => assertKeyIsSafe('../x')).toThrow('unsafe object key "../x"');
  });

  it.each(['', 'reports/', 'reports/monthly/', 'plans/run-1/batch-0'])('accepts the prefix %j', (prefix) => {
    expect(() => assertPrefixIsSafe(prefix)).not.toThrow();
  });

  it.each(['/', '/reports/', '../', 'a//', 'a\\b/'])('rejects the prefix %j', (prefix) => {
    expect(() => assertPrefixIsSafe(prefix)).toThrow(`unsafe object key prefix ${JSON.stringify(prefix)}`);
  });
});

describe('compareKeys', () => {
  it('orders keys by UTF-8 bytes, as S3 lists them', () => {
    // Prepare: U+FF5E is EF BD 9E in UTF-8 and U+1F600 is F0 9F 98 80, so S3 lists the emoji last, whereas
    // JavaScript's default sort (UTF-16 code units: D83D... < FF5E) would put it first.
    const keys = ['b', '\u{1F600}', '\uFF5E', 'B', 'a/b', 'a'];

    // Act
    const sorted = [...keys].sort(compareKeys);

    // Assess
    expect(sorted).toEqual(['B', 'a', 'a/b', 'b', '\uFF5E', '\u{1F600}']);
  });
});

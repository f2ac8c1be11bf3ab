import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatCountChange,
  formatDays,
  formatDuration,
  formatFixed,
  formatMilliseconds,
  formatQuantity,
  formatSampled,
  formatMonth,
  formatPercent,
  formatPointChange,
  formatRatio,
  formatTimestamp,
} from '#shared/format/figures.ts';
import { describeHeadline } from '#shared/format/run-headline.ts';
import { escapeHtml } from '#shared/reports/escape-html.ts';

describe('human formats', () => {
  it.each([
    { format: formatCount, value: 1234, expected: '1,234' },
    { format: formatCount, value: 0, expected: '0' },
    { format: formatCount, value: 1_234_567.4, expected: '1,234,567' },
    { format: formatPercent, value: 0.123, expected: '12.3 %' },
    { format: formatPercent, value: 1, expected: '100.0 %' },
    { format: formatBytes, value: 512, expected: '512 B' },
    { format: formatBytes, value: 1536, expected: '1.5 KiB' },
    { format: formatBytes, value: 4.5 * 1024 * 1024, expected: '4.5 MiB' },
    { format: formatBytes, value: 3 * 1024 ** 3, expected: '3.0 GiB' },
    { format: formatBytes, value: 1024 * 1024 - 1, expected: '1.0 MiB' },
    { format: formatDuration, value: 59_980, expected: '1 min 00 s' },
    { format: formatDuration, value: 850, expected: '850 ms' },
    { format: formatDuration, value: 12_400, expected: '12.4 s' },
    { format: formatDuration, value: 185_000, expected: '3 min 05 s' },
    { format: formatDuration, value: 7_800_000, expected: '2 h 10 min' },
    { format: formatDays, value: 12.54, expected: '12.5 days' },
    { format: formatRatio, value: 3.21, expected: '3.2×' },
    { format: formatPointChange, value: 0.042, expected: '+4.2 pp' },
    { format: formatPointChange, value: -0.1, expected: '−10.0 pp' },
    { format: formatCountChange, value: 1204, expected: '+1,204' },
    { format: formatCountChange, value: -17, expected: '−17' },
  ])('$format.name formats $value as $expected', ({ format, value, expected }) => {
    expect(format(value)).toBe(expected);
  });

  it.each(
    [formatCount, formatPercent, formatBytes, formatDuration, formatDays, formatRatio, formatPointChange].map(
      (format) => ({ format }),
    ),
  )('$format.name shows null, NaN and Infinity as n/a', ({ format }) => {
    expect([format(null), format(Number.NaN), format(Number.POSITIVE_INFINITY)]).toEqual(['n/a', 'n/a', 'n/a']);
  });

  it('formats timestamps in UTC to the minute and months in words', () => {
    expect(formatTimestamp('2026-11-01T02:00:59.999Z')).toBe('2026-11-01 02:00 UTC');
    expect(formatTimestamp('not a date')).toBe('n/a');
    expect(formatMonth('2026-10-01T00:00:00.000Z')).toBe('October 2026');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('figures for sampled and fixed-precision values', () => {
  it.each([
    { text: formatFixed(1234.5, 2), expected: '1,234.50' },
    { text: formatFixed(0.9993044284720612, 1), expected: '1.0' },
    { text: formatQuantity(1, 'batch', 'batches'), expected: '1 batch' },
    { text: formatQuantity(2115, 'session', 'sessions'), expected: '2,115 sessions' },
    { text: formatMilliseconds(1024.4), expected: '1,024 ms' },
    {
      text: formatSampled(`p95 ${formatMilliseconds(225)}`, 2, 'batch', 'batches'),
      expected: 'p95 225 ms over 2 batches',
    },
  ])('$expected', ({ text, expected }) => {
    expect(text).toBe(expected);
  });
});

describe('describeHeadline', () => {
  it('words a monthly headline with percentages, never the raw rate', () => {
    const text = describeHeadline(
      'monthly',
      {
        totalSessions: 4313,
        sessionHealthScore: 0.9993044284720612,
        sessionUtilizationRate: 0.641,
        recommendations: 4,
      },
      false,
    );
    expect(text).toBe('sessions: 4,313; health score: 99.9 %; utilization: 64.1 %; recommendations: 4');
  });

  it('words a daily dry run as what it would remove, and a weekly run with bytes in binary units', () => {
    const daily = {
      leadsScanned: 1441,
      sessionsRemoved: 5656,
      expired: 4660,
      orphaned: 56,
      overLimit: 895,
      invalid: 45,
    };
    expect(describeHeadline('daily', daily, true)).toBe(
      'leads scanned: 1,441; sessions to remove: 5,656 (expired 4,660, orphaned 56, over limit 895, invalid 45)',
    );
    const weekly = {
      leadsScanned: 1126,
      sessionsCompressed: 2768,
      historyEntriesDeduplicated: 11,
      cookiesRemoved: 17924,
      bytesSaved: 12_967_744,
    };
    expect(describeHeadline('weekly', weekly, false)).toContain('bytes saved: 12.4 MiB');
  });

  it('shows an unknown headline field by field, numbers formatted', () => {
    expect(describeHeadline(null, { error: 'States.Timeout', leads: 12345 }, false)).toBe(
      'error: States.Timeout; leads: 12,345',
    );
  });
});

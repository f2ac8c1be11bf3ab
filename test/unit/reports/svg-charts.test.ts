import { describe, expect, it } from 'vitest';
import { barChart, comparisonBars, donut, gauge } from '#shared/reports/svg-charts.ts';
import { countElements, nonFiniteAttributes, unbalancedTags } from './markup-check.ts';

const bars = [
  { label: '0-7 days', value: 120, valueLabel: '120' },
  { label: '8-30 days', value: 45, valueLabel: '45' },
  { label: 'over 30 days', value: 0, valueLabel: '0' },
];

describe('barChart', () => {
  it('draws one bar per data point in well-formed SVG', () => {
    // Act
    const svg = barChart({ title: 'Session age', description: 'sessions by age', bars });

    // Assess
    expect(unbalancedTags(svg)).toEqual([]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(countElements(svg, 'rect', 'bar')).toBe(3);
    expect(nonFiniteAttributes(svg)).toEqual([]);
  });

  it('gives the largest value the full plot height and a zero value no height', () => {
    // Act
    const svg = barChart({ title: 'Session age', description: 'sessions by age', bars });

    // Assess
    const heights = [...svg.matchAll(/<rect class="bar"[^>]*height="([\d.]+)"/g)].map(([, height]) => Number(height));
    expect(heights).toEqual([172, 64.5, 0]);
  });

  it('draws flat bars, not NaN, when every value is zero', () => {
    // Prepare
    const zeros = bars.map((bar) => ({ ...bar, value: 0, valueLabel: '0' }));

    // Act
    const svg = barChart({ title: 'Empty', description: 'nothing', bars: zeros });

    // Assess
    expect(countElements(svg, 'rect', 'bar')).toBe(3);
    expect(nonFiniteAttributes(svg)).toEqual([]);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('says there is no data when there are no bars', () => {
    // Act
    const svg = barChart({ title: 'Lead types', description: 'none', bars: [] });

    // Assess
    expect(unbalancedTags(svg)).toEqual([]);
    expect(countElements(svg, 'rect', 'bar')).toBe(0);
    expect(svg).toContain('No data for this period');
  });

  it('escapes labels, titles and value labels', () => {
    // Act
    const svg = barChart({
      title: 'A <script>alert(1)</script> title',
      description: 'x" onload="alert(1)',
      bars: [{ label: '<script>alert("type")</script>', value: 1, valueLabel: '<b>1</b>' }],
    });

    // Assess
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('" onload="');
    expect(svg).toContain('A &lt;script&gt;alert(1)&lt;/script&gt; title');
    expect(unbalancedTags(svg)).toEqual([]);
  });
});

describe('comparisonBars', () => {
  const rows = [
    { label: 'Total sessions', current: 1200, previous: 1000, currentLabel: '1,200', previousLabel: '1,000' },
    { label: 'Health score', current: 0.8, previous: 0.9, currentLabel: '80.0 %', previousLabel: '90.0 %' },
  ];

  it('draws a current and a previous bar per figure in well-formed SVG', () => {
    // Act
    const svg = comparisonBars({
      title: 'Trend',
      description: 'vs previous',
      rows,
      currentName: 'Now',
      previousName: 'Then',
    });

    // Assess
    expect(unbalancedTags(svg)).toEqual([]);
    expect(countElements(svg, 'rect', 'bar')).toBe(4);
    expect(nonFiniteAttributes(svg)).toEqual([]);
  });

  it('draws only the current bar when a figure has no previous value', () => {
    // Prepare
    const withoutPrevious = [
      { label: 'Total sessions', current: 1200, previous: null, currentLabel: '1,200', previousLabel: 'n/a' },
    ];

    // Act
    const svg = comparisonBars({
      title: 'Trend',
      description: 'vs previous',
      rows: withoutPrevious,
      currentName: 'Now',
      previousName: 'Then',
    });

    // Assess
    expect(countElements(svg, 'rect', 'bar')).toBe(1);
    expect(svg).toContain('n/a');
  });

  it('draws zero-length bars when both months are zero', () => {
    // Prepare
    const zeros = [{ label: 'Total sessions', current: 0, previous: 0, currentLabel: '0', previousLabel: '0' }];

    // Act
    const svg = comparisonBars({
      title: 'Trend',
      description: 'x',
      rows: zeros,
      currentName: 'Now',
      previousName: 'Then',
    });

    // Assess
    expect(countElements(svg, 'rect', 'bar')).toBe(2);
    expect(nonFiniteAttributes(svg)).toEqual([]);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});

describe('gauge', () => {
  it.each([
    [0.875, 1],
    [1, 1],
    [0, 0],
    [null, 0],
  ])('draws the track and %s as %i value arc(s)', (value, valueArcs) => {
    // Act
    const svg = gauge({
      title: 'Health',
      description: 'health score',
      value,
      valueLabel: value === null ? 'n/a' : `${value * 100} %`,
      caption: 'valid and unexpired',
      tone: 'good',
    });

    // Assess
    expect(unbalancedTags(svg)).toEqual([]);
    expect(countElements(svg, 'path', 'gauge-track')).toBe(1);
    expect(countElements(svg, 'path', 'gauge-value')).toBe(valueArcs);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('ends a full gauge at the right end of the track', () => {
    // Act
    const svg = gauge({ title: 'Health', description: 'x', value: 1, valueLabel: '100 %', caption: '', tone: 'good' });

    // Assess
    const paths = [...svg.matchAll(/ d="([^"]+)"/g)].map(([, path]) => path);
    expect(paths[0]).toBe(paths[1]);
  });
});

describe('donut', () => {
  const slices = [
    { label: 'Valid', value: 90, valueLabel: '90' },
    { label: 'Expired', value: 10, valueLabel: '10' },
    { label: 'Invalid', value: 0, valueLabel: '0' },
  ];

  it('draws one slice per non-zero part and a legend row per part', () => {
    // Act
    const svg = donut({ title: 'Health', description: 'x', slices, centerLabel: '100', centerCaption: 'sessions' });

    // Assess
    expect(unbalancedTags(svg)).toEqual([]);
    expect(countElements(svg, 'circle', 'slice')).toBe(2);
    expect(countElements(svg, 'rect', 'legend-swatch')).toBe(3);
    expect(svg).toContain('90.0 %');
    expect(nonFiniteAttributes(svg)).toEqual([]);
  });

  it('draws a single part of 100 % as a full ring', () => {
    // Act
    const svg = donut({
      title: 'All valid',
      description: 'x',
      slices: [{ label: 'Valid', value: 5, valueLabel: '5' }],
      centerLabel: '5',
      centerCaption: 'sessions',
    });

    // Assess
    expect(countElements(svg, 'circle', 'slice')).toBe(1);
    expect(svg).toMatch(/stroke-dasharray="[\d.]+ 0"/);
  });

  it('leaves only the track, without NaN, when the total is zero', () => {
    // Prepare
    const zeros = slices.map((slice) => ({ ...slice, value: 0, valueLabel: '0' }));

    // Act
    const svg = donut({ title: 'Empty', description: 'x', slices: zeros, centerLabel: '0', centerCaption: 'sessions' });

    // Assess
    expect(countElements(svg, 'circle', 'slice')).toBe(0);
    expect(countElements(svg, 'circle', 'donut-track')).toBe(1);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('escapes slice labels', () => {
    // Act
    const svg = donut({
      title: 'Types',
      description: 'x',
      slices: [{ label: '<script>x</script>', value: 1, valueLabel: '1' }],
      centerLabel: '1',
      centerCaption: '<i>',
    });

    // Assess
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<i>');
  });
});

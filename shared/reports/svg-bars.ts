import { escapeHtml } from './escape-html.ts';
import { coordinate, fitLabel, ink, seriesColor, share, svgDocument, svgText } from './svg-common.ts';

/** One bar: a category, its value, and the value as people should read it (`1,234`, `12.3 %`). */
export interface ChartBar {
  readonly label: string;
  readonly value: number;
  readonly valueLabel: string;
  /** Overrides the chart's colour for this bar (e.g. red for invalid sessions). */
  readonly color?: string;
}

export interface BarChartOptions {
  readonly title: string;
  /** What the bars show, for screen readers and the chart's tooltip. */
  readonly description: string;
  readonly bars: readonly ChartBar[];
  /** Fill colour; by default every bar takes the first series colour. */
  readonly color?: string;
  /** Size of the drawing in SVG units (default 480 x 240); the page scales it to its box. */
  readonly size?: { readonly width: number; readonly height: number };
}

const columnChart = { top: 28, bottom: 40, side: 12, maxBarWidth: 56 } as const;
const defaultColumnChartSize = { width: 480, height: 240 } as const;

function noDataNote(width: number, height: number): string {
  return svgText('No data for this period', { x: width / 2, y: height / 2, anchor: 'middle', fill: ink.muted });
}

function baseline(y: number, from: number, to: number): string {
  return `<line x1="${coordinate(from)}" y1="${coordinate(y)}" x2="${coordinate(to)}" y2="${coordinate(y)}" stroke="${ink.grid}" stroke-width="1"/>`;
}

function gridLines(top: number, plotHeight: number, from: number, to: number): string {
  return [0.25, 0.5, 0.75, 1]
    .map((level) => {
      const y = coordinate(top + plotHeight * (1 - level));
      return `<line x1="${coordinate(from)}" y1="${y}" x2="${coordinate(to)}" y2="${y}" stroke="${ink.grid}" stroke-width="1" stroke-dasharray="3 4"/>`;
    })
    .join('');
}

/**
 * A column chart: one `<rect class="bar">` per data point (zero-height for zero), its value above and its category
 * below. Bars share one scale, the largest value; with nothing but zeros every bar is flat, never NaN.
 */
export function barChart(options: BarChartOptions): string {
  const { top, bottom, side, maxBarWidth } = columnChart;
  const { width, height } = options.size ?? defaultColumnChartSize;
  const plotHeight = height - top - bottom;
  const plotBottom = top + plotHeight;
  const plotWidth = width - 2 * side;
  const slot = plotWidth / Math.max(1, options.bars.length);
  const barWidth = Math.min(maxBarWidth, slot * 0.64);
  const largest = Math.max(0, ...options.bars.map((bar) => bar.value));
  const color = options.color ?? seriesColor(0);
  const labelCharacters = slot / 6.6;

  const bars = options.bars.map((bar, index) => {
    const barHeight = share(bar.value, largest) * plotHeight;
    const centre = side + slot * index + slot / 2;
    const x = centre - barWidth / 2;
    const y = plotBottom - barHeight;
    return [
      `<rect class="bar" x="${coordinate(x)}" y="${coordinate(y)}" width="${coordinate(barWidth)}"`,
      ` height="${coordinate(barHeight)}" rx="3" fill="${bar.color ?? color}">`,
      `<title>${escapeHtml(`${bar.label}: ${bar.valueLabel}`)}</title></rect>`,
      svgText(bar.valueLabel, { x: centre, y: y - 7, size: 12, anchor: 'middle', weight: 600 }),
      svgText(fitLabel(bar.label, labelCharacters), {
        x: centre,
        y: plotBottom + 20,
        anchor: 'middle',
        fill: ink.muted,
      }),
    ].join('');
  });

  const body =
    options.bars.length === 0
      ? noDataNote(width, height)
      : gridLines(top, plotHeight, side, width - side) + baseline(plotBottom, side, width - side) + bars.join('');
  return svgDocument({ width, height, title: options.title, description: options.description, kind: 'bars', body });
}

/** One figure compared between this month and the previous one; `previous` is null when there is nothing to compare. */
export interface ComparisonRow {
  readonly label: string;
  readonly current: number;
  readonly previous: number | null;
  readonly currentLabel: string;
  readonly previousLabel: string;
}

export interface ComparisonBarsOptions {
  readonly title: string;
  readonly description: string;
  readonly rows: readonly ComparisonRow[];
  readonly currentName: string;
  readonly previousName: string;
}

const comparisonChart = { width: 640, legend: 30, rowHeight: 52, labelWidth: 190, valueWidth: 96, barHeight: 15 };

function legend(currentName: string, previousName: string): string {
  const swatch = (x: number, color: string): string =>
    `<rect class="legend-swatch" x="${x}" y="6" width="12" height="12" rx="2" fill="${color}"/>`;
  return [
    swatch(0, seriesColor(0)),
    svgText(currentName, { x: 18, y: 16, fill: ink.muted }),
    swatch(150, ink.previous),
    svgText(previousName, { x: 168, y: 16, fill: ink.muted }),
  ].join('');
}

function comparisonBar(options: { x: number; y: number; length: number; color: string; tooltip: string }): string {
  const { barHeight } = comparisonChart;
  return [
    `<rect class="bar" x="${coordinate(options.x)}" y="${coordinate(options.y)}" width="${coordinate(options.length)}"`,
    ` height="${barHeight}" rx="2" fill="${options.color}"><title>${escapeHtml(options.tooltip)}</title></rect>`,
  ].join('');
}

/**
 * Paired horizontal bars, this month above the previous month, one pair per figure. Each pair has its own scale
 * (the larger of the two values) because the figures have different units: counts, rates, bytes.
 */
export function comparisonBars(options: ComparisonBarsOptions): string {
  const { width, legend: legendHeight, rowHeight, labelWidth, valueWidth, barHeight } = comparisonChart;
  const trackLength = width - labelWidth - valueWidth;
  const height = legendHeight + rowHeight * Math.max(1, options.rows.length);

  const rows = options.rows.map((row, index) => {
    const rowTop = legendHeight + rowHeight * index;
    const largest = Math.max(0, row.current, row.previous ?? 0);
    const currentLength = share(row.current, largest) * trackLength;
    const previousLength = share(row.previous ?? 0, largest) * trackLength;
    const currentY = rowTop + 8;
    const previousY = currentY + barHeight + 4;
    const parts = [
      svgText(fitLabel(row.label, labelWidth / 7), { x: 0, y: rowTop + 26, weight: 600 }),
      comparisonBar({
        x: labelWidth,
        y: currentY,
        length: currentLength,
        color: seriesColor(0),
        tooltip: `${row.label}, ${options.currentName}: ${row.currentLabel}`,
      }),
      svgText(row.currentLabel, { x: labelWidth + currentLength + 6, y: currentY + 12, weight: 600 }),
    ];
    if (row.previous !== null) {
      parts.push(
        comparisonBar({
          x: labelWidth,
          y: previousY,
          length: previousLength,
          color: ink.previous,
          tooltip: `${row.label}, ${options.previousName}: ${row.previousLabel}`,
        }),
      );
    }
    parts.push(svgText(row.previousLabel, { x: labelWidth + previousLength + 6, y: previousY + 12, fill: ink.muted }));
    return parts.join('');
  });

  const body =
    options.rows.length === 0
      ? noDataNote(width, height)
      : legend(options.currentName, options.previousName) + rows.join('');
  return svgDocument({
    width,
    height,
    title: options.title,
    description: options.description,
    kind: 'comparison',
    body,
  });
}

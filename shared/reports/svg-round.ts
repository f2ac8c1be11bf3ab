import { escapeHtml } from './escape-html.ts';
import { formatPercent } from '#shared/format/figures.ts';
import { coordinate, fitLabel, ink, seriesColor, share, svgDocument, svgText } from './svg-common.ts';

/** How a gauge reading should be judged; the colour follows it. */
export type GaugeTone = 'good' | 'warning' | 'bad' | 'neutral';

const toneColors: Readonly<Record<GaugeTone, string>> = {
  good: '#16a34a',
  warning: '#d97706',
  bad: '#dc2626',
  neutral: '#4f46e5',
};

export interface GaugeOptions {
  readonly title: string;
  readonly description: string;
  /** A rate in 0..1, or null when it is not defined (no sessions): the gauge then shows only its track. */
  readonly value: number | null;
  /** The reading as people should read it (`87.5 %`, `n/a`). */
  readonly valueLabel: string;
  readonly caption: string;
  readonly tone: GaugeTone;
}

const gaugeShape = { width: 220, height: 138, cx: 110, cy: 110, radius: 84, stroke: 20 } as const;

function pointOnArc(fraction: number): { x: number; y: number } {
  // The arc runs from the left end (0) over the top to the right end (1): angle pi down to 0.
  const angle = Math.PI * (1 - fraction);
  return {
    x: gaugeShape.cx + gaugeShape.radius * Math.cos(angle),
    y: gaugeShape.cy - gaugeShape.radius * Math.sin(angle),
  };
}

function arcPath(fraction: number): string {
  const start = pointOnArc(0);
  const end = pointOnArc(fraction);
  const r = coordinate(gaugeShape.radius);
  // A half circle at most, so the small-arc flag is always right.
  return `M ${coordinate(start.x)} ${coordinate(start.y)} A ${r} ${r} 0 0 1 ${coordinate(end.x)} ${coordinate(end.y)}`;
}

/**
 * A half-circle gauge for a rate: a grey track, a coloured arc up to the value, the reading in the middle. A zero or
 * null rate draws no value arc (an arc of length zero is a degenerate path).
 */
export function gauge(options: GaugeOptions): string {
  const { width, height, cx, cy, stroke } = gaugeShape;
  const fraction = options.value === null ? 0 : share(options.value, 1);
  const strokeAttributes = `fill="none" stroke-width="${stroke}" stroke-linecap="butt"`;
  const valueArc =
    fraction > 0
      ? `<path class="gauge-value" d="${arcPath(fraction)}" stroke="${toneColors[options.tone]}" ${strokeAttributes}/>`
      : '';
  const body = [
    `<path class="gauge-track" d="${arcPath(1)}" stroke="${ink.track}" ${strokeAttributes}/>`,
    valueArc,
    svgText(options.valueLabel, { x: cx, y: cy - 12, size: 26, anchor: 'middle', weight: 700 }),
    svgText(options.caption, { x: cx, y: cy + 20, size: 12, anchor: 'middle', fill: ink.muted }),
    svgText('0', { x: cx - gaugeShape.radius, y: cy + 20, size: 10, anchor: 'middle', fill: ink.muted }),
    svgText('100 %', { x: cx + gaugeShape.radius, y: cy + 20, size: 10, anchor: 'middle', fill: ink.muted }),
  ].join('');
  return svgDocument({ width, height, title: options.title, description: options.description, kind: 'gauge', body });
}

/** One part of a whole: its name, its amount, that amount as people read it, and optionally its colour. */
export interface DonutSlice {
  readonly label: string;
  readonly value: number;
  readonly valueLabel: string;
  readonly color?: string;
}

export interface DonutOptions {
  readonly title: string;
  readonly description: string;
  readonly slices: readonly DonutSlice[];
  /** Big text in the hole, e.g. the total. */
  readonly centerLabel: string;
  readonly centerCaption: string;
}

const donutShape = { width: 280, cx: 66, cy: 70, radius: 52, stroke: 20, legendX: 136, legendRow: 40 } as const;

/**
 * A ring split into the parts of a whole, with a legend giving each part's amount and share. Slices are dashed
 * circles rather than arc paths, so a single slice of 100 % still draws (a full-circle arc path would not).
 * A zero total leaves only the grey track.
 */
export function donut(options: DonutOptions): string {
  const { width, cx, cy, radius, stroke, legendX, legendRow } = donutShape;
  const height = Math.max(cy * 2, legendRow * options.slices.length + 16);
  const circumference = 2 * Math.PI * radius;
  const total = options.slices.reduce((sum, slice) => sum + Math.max(0, slice.value), 0);
  const circle = `cx="${cx}" cy="${cy}" r="${radius}" fill="none" stroke-width="${stroke}"`;
  const legendTop = cy - (legendRow * options.slices.length) / 2;

  let offset = 0;
  const ring: string[] = [];
  const legendRows = options.slices.map((slice, index) => {
    const color = slice.color ?? seriesColor(index);
    const fraction = share(slice.value, total);
    const length = fraction * circumference;
    if (length > 0) {
      ring.push(
        `<circle class="slice" ${circle} stroke="${color}" stroke-dasharray="${coordinate(length)} ${coordinate(circumference - length)}"`,
        ` stroke-dashoffset="${coordinate(-offset)}" transform="rotate(-90 ${cx} ${cy})">`,
        `<title>${escapeHtml(`${slice.label}: ${slice.valueLabel}`)}</title></circle>`,
      );
    }
    offset += length;
    const rowY = legendTop + legendRow * index;
    const shareLabel = total > 0 ? formatPercent(fraction) : '–';
    return [
      `<rect class="legend-swatch" x="${legendX}" y="${coordinate(rowY + 4)}" width="12" height="12" rx="2" fill="${color}"/>`,
      svgText(fitLabel(slice.label, 16), { x: legendX + 20, y: rowY + 15, weight: 600 }),
      svgText(`${slice.valueLabel} · ${shareLabel}`, { x: legendX + 20, y: rowY + 32, fill: ink.muted }),
    ].join('');
  });

  const body = [
    `<circle class="donut-track" ${circle} stroke="${ink.track}"/>`,
    ring.join(''),
    svgText(options.centerLabel, { x: cx, y: cy + 4, size: 18, anchor: 'middle', weight: 700 }),
    svgText(options.centerCaption, { x: cx, y: cy + 22, size: 11, anchor: 'middle', fill: ink.muted }),
    legendRows.join(''),
  ].join('');
  return svgDocument({ width, height, title: options.title, description: options.description, kind: 'donut', body });
}

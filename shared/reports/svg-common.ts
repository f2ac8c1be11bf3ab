import { escapeHtml } from './escape-html.ts';

/** Series colours, chosen to stay distinguishable for the common colour-vision deficiencies. */
export const palette = ['#4f46e5', '#0891b2', '#d97706', '#db2777', '#16a34a', '#7c3aed', '#64748b'] as const;

/** Neutral colours shared by every chart. */
export const ink = { text: '#1e293b', muted: '#64748b', grid: '#e2e8f0', track: '#e2e8f0', previous: '#a5b4fc' };

/** The palette colour for the n-th series, cycling when there are more series than colours. */
export function seriesColor(index: number): string {
  return palette[index % palette.length] ?? palette[0];
}

/**
 * An SVG coordinate or length rounded to 0.1. Data can be empty or odd (zero totals, a negative count), and a single
 * `NaN` in a coordinate makes the browser drop the element, so anything not finite becomes 0 here.
 */
export function coordinate(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 10) / 10;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** `part / whole` clamped to 0..1; 0 when the whole is zero, so an empty database draws empty bars, not NaN. */
export function share(part: number, whole: number): number {
  if (!Number.isFinite(part) || !Number.isFinite(whole) || whole <= 0) return 0;
  return Math.min(1, Math.max(0, part / whole));
}

/** Shortens a label to fit a slot; the full text stays available in the element's `<title>` tooltip. */
export function fitLabel(label: string, maxCharacters: number): string {
  const limit = Math.max(3, Math.floor(maxCharacters));
  return label.length <= limit ? label : `${label.slice(0, limit - 1)}…`;
}

/** Attributes shared by every text element, so a chart looks the same outside the page's stylesheet. */
export function textAttributes(options: {
  x: number;
  y: number;
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  fill?: string;
  weight?: number;
}): string {
  const { x, y, size = 12, anchor = 'start', fill = ink.text, weight = 400 } = options;
  return `x="${coordinate(x)}" y="${coordinate(y)}" font-size="${size}" text-anchor="${anchor}" fill="${fill}" font-weight="${weight}"`;
}

/** A text element with escaped content. */
export function svgText(content: string, options: Parameters<typeof textAttributes>[0]): string {
  return `<text ${textAttributes(options)}>${escapeHtml(content)}</text>`;
}

/**
 * The outer `<svg>` of a chart: scalable through its viewBox, announced to screen readers as one image whose name is
 * the title and whose description says what the bars show (ids are avoided so that rendering stays pure).
 */
export function svgDocument(options: {
  width: number;
  height: number;
  title: string;
  description: string;
  kind: string;
  body: string;
}): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-${escapeHtml(options.kind)}"`,
    ` viewBox="0 0 ${coordinate(options.width)} ${coordinate(options.height)}" role="img"`,
    ` aria-label="${escapeHtml(`${options.title}: ${options.description}`)}">`,
    `<title>${escapeHtml(options.title)}</title>`,
    `<desc>${escapeHtml(options.description)}</desc>`,
    options.body,
    '</svg>',
  ].join('');
}

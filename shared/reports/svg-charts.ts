/**
 * Server-rendered SVG charts for the HTML reports: pure functions from figures to markup, no script needed to draw.
 * Every text is escaped and every coordinate is finite, whatever the data.
 */
export { barChart, comparisonBars } from './svg-bars.ts';
export type { BarChartOptions, ChartBar, ComparisonBarsOptions, ComparisonRow } from './svg-bars.ts';
export { donut, gauge } from './svg-round.ts';
export type { DonutOptions, DonutSlice, GaugeOptions, GaugeTone } from './svg-round.ts';

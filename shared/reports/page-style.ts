/**
 * The report's stylesheet, inlined in a `<style>` block: the page must open from a file or an S3 link with no other
 * request (its Content-Security-Policy forbids any). Simple grid layout that folds to one column on narrow screens
 * and prints without the shadows.
 */
export const pageStyle = `
:root {
  color-scheme: light;
  --ink: #1e293b; --muted: #64748b; --line: #e2e8f0; --page: #f1f5f9; --card: #ffffff;
  --accent: #4f46e5; --good: #15803d; --warning: #b45309; --bad: #b91c1c;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--page); color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-variant-numeric: tabular-nums;
}
main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 40px; }
header.report-header { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: flex-end; justify-content: space-between;
  padding-bottom: 18px; border-bottom: 1px solid var(--line); margin-bottom: 22px; }
.eyebrow { margin: 0; color: var(--accent); font-weight: 600; text-transform: uppercase; letter-spacing: .08em; font-size: 12px; }
h1 { margin: 2px 0 0; font-size: 28px; line-height: 1.2; letter-spacing: -.01em; }
h2 { margin: 0 0 4px; font-size: 16px; }
h3 { margin: 12px 0 6px; font-size: 13px; color: var(--muted); font-weight: 600; }
.run-meta { display: grid; grid-template-columns: auto auto; gap: 2px 14px; margin: 0; font-size: 13px; }
.run-meta dt { color: var(--muted); }
.run-meta dd { margin: 0; font-weight: 600; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef2ff; padding: 1px 5px; border-radius: 4px; word-break: break-all; }
code.run-id { white-space: nowrap; word-break: normal; } /* a run id reads as one word: never broken inside */
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; line-height: 20px;
  background: #e2e8f0; color: var(--ink); white-space: nowrap; }
.badge.good { background: #dcfce7; color: var(--good); }
.badge.warning { background: #fef3c7; color: var(--warning); }
.badge.bad { background: #fee2e2; color: var(--bad); }
.badge.info { background: #e0e7ff; color: #3730a3; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px; margin-bottom: 22px; }
.card { background: var(--card); border: 1px solid var(--line); border-top: 3px solid var(--line); border-radius: 10px;
  padding: 12px 14px; min-width: 0; }
.card.good { border-top-color: var(--good); }
.card.warning { border-top-color: var(--warning); }
.card.bad { border-top-color: var(--bad); }
.card .label { color: var(--muted); font-size: 12px; font-weight: 600; line-height: 1.25; min-height: 2.5em; }
.card .value { font-size: 22px; font-weight: 700; line-height: 1.35; white-space: nowrap; }
.card .note { color: var(--muted); font-size: 12px; }
.panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; margin-bottom: 16px; }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; min-width: 0; }
.panel.wide { grid-column: 1 / -1; }
.panel .hint { margin: 0 0 10px; color: var(--muted); font-size: 12px; }
.figure-row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; align-items: center; margin-bottom: 8px; }
.trend-layout { display: grid; grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr); gap: 28px; align-items: start; }
@media (max-width: 900px) { .trend-layout { grid-template-columns: 1fr; } }
svg.chart { display: block; width: 100%; height: auto; max-height: 300px; }
svg.chart-gauge { max-width: 240px; margin: 0 auto; }
svg.chart-donut { max-width: 300px; margin: 0 auto; }
svg.chart-comparison { max-height: none; }
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
td.number, th.number { text-align: right; white-space: nowrap; }
.up, .down, .flat { color: var(--muted); }
.better { color: var(--good); } .worse { color: var(--bad); }
.empty-note { color: var(--muted); font-style: italic; margin: 8px 0; }
ol.recommendations { list-style: none; padding: 0; margin: 0; display: grid; gap: 10px; }
ol.recommendations li { border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 8px; padding: 10px 14px; }
ol.recommendations li.high { border-left-color: var(--bad); }
ol.recommendations li.medium { border-left-color: var(--warning); }
ol.recommendations li.low { border-left-color: #64748b; }
.recommendation-title { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; font-weight: 600; }
.recommendation-type { color: var(--muted); font-size: 12px; font-weight: 400; }
ol.recommendations p { margin: 4px 0 0; }
.action { color: var(--muted); }
footer a { color: var(--accent); font-weight: 600; }
footer { margin-top: 24px; padding-top: 14px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
@media (max-width: 640px) {
  main { padding: 18px 12px 28px; }
  h1 { font-size: 22px; }
  .panels, .figure-row { grid-template-columns: 1fr; }
  .panel { padding: 14px 12px; }
  th, td { padding: 6px 4px; }
  /* At phone width the paired bars' labels would shrink below legibility; the table beside them has the same figures. */
  .trend-layout svg.chart-comparison { display: none; }
}
@media print {
  body { background: #fff; }
  .panel, .card { break-inside: avoid; }
}
`;

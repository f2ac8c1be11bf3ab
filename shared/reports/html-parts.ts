import { escapeHtml } from './escape-html.ts';

/** How a figure or status should be read; each tone has a colour in the page style. */
export type Tone = 'good' | 'warning' | 'bad' | 'info' | 'neutral';

/** A small coloured label: run status, recommendation priority, a figure's verdict. */
export function badge(text: string, tone: Tone): string {
  return `<span class="badge ${tone}">${escapeHtml(text)}</span>`;
}

/** A titled box holding one chart or one table. `body` is markup, already escaped by whoever built it. */
export function panel(options: { title: string; hint?: string; body: string; wide?: boolean }): string {
  const hint = options.hint === undefined ? '' : `<p class="hint">${escapeHtml(options.hint)}</p>`;
  return [
    `<section class="panel${options.wide === true ? ' wide' : ''}">`,
    `<h2>${escapeHtml(options.title)}</h2>`,
    hint,
    options.body,
    '</section>',
  ].join('');
}

/** A two-column table of named figures, values right-aligned so the digits line up. Both columns are text. */
export function figureTable(rows: readonly (readonly [label: string, value: string])[]): string {
  const body = rows
    .map(
      ([label, value]) =>
        `<tr><th scope="row">${escapeHtml(label)}</th><td class="number">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  return `<table class="figures"><tbody>${body}</tbody></table>`;
}

/** A table with a header row; the first column is text, the others are numbers. Cells are text, escaped here. */
export function dataTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (tag: 'th' | 'td', text: string, column: number): string =>
    `<${tag}${column > 0 ? ' class="number"' : ''}>${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${header.map((text, column) => cell('th', text, column)).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((text, column) => cell('td', text, column)).join('')}</tr>`).join('');
  // The wrapper scrolls sideways on a phone instead of widening the page.
  return `<div class="table-wrap"><table><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

/** A note in place of a chart or list that has nothing to show. */
export function emptyNote(text: string): string {
  return `<p class="empty-note">${escapeHtml(text)}</p>`;
}

/**
 * A readable name for a data key the page has no label for (a kind added to the analytics later):
 * `missing-session-id` and `missingSessionId` both become `Missing session id`.
 */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.length === 0 ? key : `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}
